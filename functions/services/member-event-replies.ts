/**
 * The replies that concern a member event: "1"/"报名" signs up for the open event the patient (or
 * anyone on their shared phone) was invited to; "取消报名" gives the place back. Undefined when no
 * open event invited this number, so the reply service goes on as before (a task for the desk).
 */
import { openForSignUp } from '../../shared/domain/events/schedule.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { getAttendee, getEvent, invitationsOf, type EventAttendee } from '../adapters/dynamo/member-event-repository.js';
import { cancelSignUp, signUp, type CancelOutcome, type SignUpOutcome } from './member-event-seats.js';

type Candidate = { patientId: string; eventId: string; startAt: string; attendee: EventAttendee };

const candidates = async (tenantId: string, patients: readonly PatientRecord[], now: Date): Promise<Candidate[]> => {
  const found = await Promise.all(
    patients.map(async (p) => {
      const invitations = await invitationsOf(tenantId, p.patientId, now.toISOString());
      return Promise.all(invitations.map(async (inv) => {
        const [event, attendee] = await Promise.all([getEvent(tenantId, inv.eventId), getAttendee(tenantId, inv.eventId, p.patientId)]);
        return event && attendee && openForSignUp(event, now) ? [{ patientId: p.patientId, eventId: inv.eventId, startAt: event.startAt, attendee }] : [];
      }));
    }),
  );
  return found.flat(2);
};

/** Who on the phone answers: the one whose invitation went out (a shared phone gets one), soonest event first. */
const rank = (c: Candidate): string => `${c.attendee.inviteOutcome === 'sent' ? 0 : 1}${c.startAt}${c.patientId}`;
const byRank = (a: Candidate, b: Candidate) => rank(a).localeCompare(rank(b));

export type EventReply = { kind: 'sign-up'; outcome: SignUpOutcome; eventId: string; patientId: string } | { kind: 'cancel'; outcome: CancelOutcome; eventId: string; patientId: string };

export const replyToEvent = async (tenantId: string, patients: readonly PatientRecord[], intent: 'sign-up' | 'cancel', receivedAt: string, now: Date): Promise<EventReply | undefined> => {
  const open = (await candidates(tenantId, patients, now)).sort(byRank);
  if (intent === 'sign-up') {
    const pick = open.find((c) => c.attendee.status === 'invited' || c.attendee.status === 'cancelled') ?? open[0];
    if (!pick) return undefined;
    return { kind: 'sign-up', outcome: await signUp({ tenantId, eventId: pick.eventId, patientId: pick.patientId, receivedAt, now }), eventId: pick.eventId, patientId: pick.patientId };
  }
  const pick = open.find((c) => c.attendee.status === 'signed-up' || c.attendee.status === 'waiting');
  if (!pick) return undefined;
  return { kind: 'cancel', outcome: await cancelSignUp({ tenantId, eventId: pick.eventId, patientId: pick.patientId, receivedAt, now }), eventId: pick.eventId, patientId: pick.patientId };
};
