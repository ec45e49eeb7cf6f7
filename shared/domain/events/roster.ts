/**
 * Member events (会员活动, seed 000 策略四: 口腔健康沙龙, 亲子护牙活动): who holds a place and who
 * waits. Pure rules; the repository applies each step as one conditional transaction on the
 * event's counters, so the step decided here is the only one that can commit (capacity is
 * never exceeded, a reply delivered twice counts once).
 */
export const attendeeStatuses = ['invited', 'signed-up', 'waiting', 'cancelled'] as const;
export type AttendeeStatus = (typeof attendeeStatuses)[number];

export type Seats = { capacity: number; signedUp: number; waiting: number };

/** What a "1"/报名 reply does for this attendee at these counts. */
export type SignUpStep =
  | { kind: 'take-seat' }
  | { kind: 'join-waiting-list' }
  /** already holds a place or already waits: a second "1" changes nothing */
  | { kind: 'already'; status: 'signed-up' | 'waiting' };

export const signUpStep = (seats: Seats, status: AttendeeStatus): SignUpStep => {
  if (status === 'signed-up' || status === 'waiting') return { kind: 'already', status };
  return seats.signedUp < seats.capacity ? { kind: 'take-seat' } : { kind: 'join-waiting-list' };
};

/** What "取消报名" does: a place freed (someone may move up), a queue left, or nothing to cancel. */
export type CancelStep = { kind: 'free-seat' } | { kind: 'leave-waiting-list' } | { kind: 'nothing' };

export const cancelStep = (status: AttendeeStatus): CancelStep =>
  status === 'signed-up' ? { kind: 'free-seat' } : status === 'waiting' ? { kind: 'leave-waiting-list' } : { kind: 'nothing' };

/** How many waiting people move up now (a place freed, or the capacity raised). */
export const seatsToPromote = (seats: Seats): number => Math.max(0, Math.min(seats.capacity - seats.signedUp, seats.waiting));

/**
 * The waiting list's order: first come, first served by the time the reply reached us, the
 * patient id breaking ties. The key sorts as text, so the list is read in order from the table.
 */
export const waitKey = (receivedAt: string, patientId: string): string => `${receivedAt}_${patientId}`;

/** A small in-memory roster that follows the same rules (for tests and the dashboard's preview). */
export type Roster = { capacity: number; attendees: Map<string, { status: AttendeeStatus; waitKey?: string }> };

export type RosterChange = { outcome: SignUpStep['kind'] | CancelStep['kind']; promoted: string[] };

const seatsOf = (roster: Roster): Seats => {
  const all = [...roster.attendees.values()];
  return { capacity: roster.capacity, signedUp: all.filter((a) => a.status === 'signed-up').length, waiting: all.filter((a) => a.status === 'waiting').length };
};

/** Moves the first waiting people up while places are free; returns who moved. */
export const promote = (roster: Roster): string[] => {
  const moved: string[] = [];
  const queue = [...roster.attendees.entries()].filter(([, a]) => a.status === 'waiting').sort(([, a], [, b]) => (a.waitKey ?? '').localeCompare(b.waitKey ?? ''));
  for (const [patientId] of queue.slice(0, seatsToPromote(seatsOf(roster)))) {
    roster.attendees.set(patientId, { status: 'signed-up' });
    moved.push(patientId);
  }
  return moved;
};

export const applySignUp = (roster: Roster, patientId: string, receivedAt: string): RosterChange => {
  const current = roster.attendees.get(patientId)?.status ?? 'invited';
  const step = signUpStep(seatsOf(roster), current);
  if (step.kind === 'take-seat') roster.attendees.set(patientId, { status: 'signed-up' });
  if (step.kind === 'join-waiting-list') roster.attendees.set(patientId, { status: 'waiting', waitKey: waitKey(receivedAt, patientId) });
  return { outcome: step.kind, promoted: [] };
};

export const applyCancel = (roster: Roster, patientId: string): RosterChange => {
  const step = cancelStep(roster.attendees.get(patientId)?.status ?? 'invited');
  if (step.kind !== 'nothing') roster.attendees.set(patientId, { status: 'cancelled' });
  return { outcome: step.kind, promoted: step.kind === 'free-seat' ? promote(roster) : [] };
};
