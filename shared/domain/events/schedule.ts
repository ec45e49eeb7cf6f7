/**
 * When an event's messages fall due. The invitation a week before, the reminder in the 24 hours
 * before it starts, the feedback survey in the 24 hours after it ends. The send pipeline still
 * decides each message at the moment of sending (quiet hours defer, consent and budget skip).
 */
export const invitationLeadDays = 7;
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

export type EventTimes = { startAt: string; endAt: string };

export const invitationDue = (event: EventTimes, now: Date): boolean =>
  now.getTime() >= Date.parse(event.startAt) - invitationLeadDays * dayMs && now.getTime() < Date.parse(event.startAt);

export const reminderDue = (event: EventTimes, now: Date): boolean =>
  now.getTime() >= Date.parse(event.startAt) - dayMs && now.getTime() < Date.parse(event.startAt);

export const surveyDue = (event: EventTimes, now: Date): boolean =>
  now.getTime() >= Date.parse(event.endAt) && now.getTime() < Date.parse(event.endAt) + dayMs;

/** Sign-up replies are taken until the event begins. */
export const openForSignUp = (event: EventTimes & { status: string }, now: Date): boolean => event.status === 'scheduled' && now.getTime() < Date.parse(event.startAt);

/**
 * The desk ticks who came from an hour before the start (people arrive early), never days ahead:
 * a tick is a record that someone was there, and it sends them the feedback survey.
 */
export const attendanceOpensAt = (event: EventTimes): Date => new Date(Date.parse(event.startAt) - hourMs);

export const attendanceOpen = (event: EventTimes, now: Date): boolean => now.getTime() >= attendanceOpensAt(event).getTime();

/** Shown on the list: what the event is doing now. */
export type EventPhase = 'upcoming' | 'inviting' | 'under-way' | 'feedback' | 'over' | 'cancelled';

export const eventPhase = (event: EventTimes & { status: string }, now: Date): EventPhase => {
  if (event.status === 'cancelled') return 'cancelled';
  if (invitationDue(event, now)) return 'inviting';
  if (now.getTime() < Date.parse(event.startAt)) return 'upcoming';
  if (now.getTime() < Date.parse(event.endAt)) return 'under-way';
  return surveyDue(event, now) ? 'feedback' : 'over';
};
