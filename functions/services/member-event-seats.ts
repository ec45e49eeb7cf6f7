/**
 * Sign-up by reply (报名回1), the waiting list and cancellations. Each step is decided on counts
 * read a moment ago (roster.ts) and committed by one conditional transaction
 * (member-event-repository.ts); when the counts or the attendee moved meanwhile the condition
 * fails and the step is decided again on a fresh read. The reply's answer ("已报名",
 * "已加入候补", "候补成功") is a notice written in the same transaction and sent by the events job.
 */
import { ulid } from 'ulid';
import { DomainError } from '../../shared/domain/errors.js';
import { cancelStep, seatsToPromote, signUpStep, waitKey } from '../../shared/domain/events/roster.js';
import { openForSignUp } from '../../shared/domain/events/schedule.js';
import type { NoticeKind } from '../../shared/domain/events/texts.js';
import {
  firstWaiting, freeSeat, getAttendee, getEvent, joinWaitingList, leaveWaitingList, moveUp, takeSeat, type EventNotice,
} from '../adapters/dynamo/member-event-repository.js';

export type SignUpOutcome = 'signed-up' | 'waiting' | 'already-signed-up' | 'already-waiting' | 'closed';
export type CancelOutcome = 'cancelled' | 'left-waiting-list' | 'nothing-to-cancel' | 'closed';

/** Enough for any realistic burst of replies to one event: each lost race means another won. */
const maxTries = 25;

const notice = (patientId: string, kind: NoticeKind, at: string): EventNotice => ({ noticeId: ulid(), patientId, kind, at });

export type SeatRequest = { tenantId: string; eventId: string; patientId: string; receivedAt: string; now: Date };

export const signUp = async ({ tenantId, eventId, patientId, receivedAt, now }: SeatRequest): Promise<SignUpOutcome> => {
  const at = now.toISOString();
  for (let i = 0; i < maxTries; i++) {
    const [event, attendee] = await Promise.all([getEvent(tenantId, eventId), getAttendee(tenantId, eventId, patientId)]);
    if (!event || !attendee || !openForSignUp(event, now)) return 'closed';
    const step = signUpStep(event, attendee.status);
    if (step.kind === 'already') return step.status === 'signed-up' ? 'already-signed-up' : 'already-waiting';
    const move = { tenantId, eventId, patientId, from: attendee.status, at };
    const result = step.kind === 'take-seat'
      ? await takeSeat({ ...move, notice: notice(patientId, 'signed-up', at) })
      : await joinWaitingList({ ...move, waitKey: waitKey(receivedAt, patientId), notice: notice(patientId, 'waiting', at) });
    if (result.ok) return step.kind === 'take-seat' ? 'signed-up' : 'waiting';
  }
  throw new DomainError('conflict', 'The event changed too often to take this sign-up; it will be retried');
};

/** The first waiting move up while places are free (after a cancellation or a larger capacity). */
export const promoteWaiting = async (tenantId: string, eventId: string, now: Date): Promise<string[]> => {
  const moved: string[] = [];
  const at = now.toISOString();
  for (let i = 0; i < maxTries * 4; i++) {
    const event = await getEvent(tenantId, eventId);
    if (!event || !openForSignUp(event, now) || seatsToPromote(event) === 0) return moved;
    const first = await firstWaiting(tenantId, eventId);
    if (!first) return moved;
    const result = await moveUp({ tenantId, eventId, patientId: first.patientId, waitKey: first.waitKey, at, notice: notice(first.patientId, 'promoted', at) });
    if (result.ok) moved.push(first.patientId);
  }
  return moved;
};

export const cancelSignUp = async ({ tenantId, eventId, patientId, now }: SeatRequest): Promise<CancelOutcome> => {
  const at = now.toISOString();
  for (let i = 0; i < maxTries; i++) {
    const [event, attendee] = await Promise.all([getEvent(tenantId, eventId), getAttendee(tenantId, eventId, patientId)]);
    if (!event || !attendee || !openForSignUp(event, now)) return 'closed';
    const step = cancelStep(attendee.status);
    if (step.kind === 'nothing') return 'nothing-to-cancel';
    const base = { tenantId, eventId, patientId, at, notice: notice(patientId, 'cancelled', at) };
    const result = step.kind === 'free-seat' ? await freeSeat(base) : await leaveWaitingList({ ...base, waitKey: attendee.waitKey ?? '' });
    if (!result.ok) continue;
    if (step.kind === 'free-seat') await promoteWaiting(tenantId, eventId, now);
    return step.kind === 'free-seat' ? 'cancelled' : 'left-waiting-list';
  }
  throw new DomainError('conflict', 'The event changed too often to take this cancellation; it will be retried');
};
