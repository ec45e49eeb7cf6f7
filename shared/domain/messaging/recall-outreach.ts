/**
 * Recall outreach (seed 003 §三): messages a set number of days before a recall falls due (14 and
 * 7 by default, tuned per chain), at most N per due date. Due recalls are a work queue: each
 * recall item sits in an index under the next day something must happen to it, so a run reads
 * only the recalls that need action today, and an item leaves the queue when nothing is left.
 */
import { addDays } from '../time.js';

/** The largest "days before" a chain may set: a new recall enters the queue this early. */
export const recallQueueHorizonDays = 60;

export const initialQueueDay = (dueDate: string): string => addDays(dueDate, -recallQueueHorizonDays);

export type RecallOutreachState = { dueDate: string; contacts: number; stepsDone: number[] };
export type RecallOutreachSettings = { daysBefore: number[]; maxAttempts: number };

export type RecallPlan =
  /** send the message of `step` days before; then wait until `nextQueueDay`, or leave the queue */
  | { kind: 'send'; step: number; nextQueueDay?: string }
  /** nothing due yet: come back then */
  | { kind: 'wait'; until: string }
  /** attempts used up, or the due date passed: out of the queue */
  | { kind: 'done' };

export const planRecallContact = (state: RecallOutreachState, today: string, settings: RecallOutreachSettings): RecallPlan => {
  if (state.contacts >= settings.maxAttempts || today > state.dueDate) return { kind: 'done' };
  // A step larger than one already taken has passed: reminders only move towards the due date.
  const smallestDone = Math.min(...state.stepsDone, Number.POSITIVE_INFINITY);
  const remaining = [...settings.daysBefore].sort((a, b) => b - a).filter((k) => k < smallestDone);
  if (remaining.length === 0) return { kind: 'done' };
  const due = remaining.filter((k) => today >= addDays(state.dueDate, -k));
  if (due.length === 0) return { kind: 'wait', until: addDays(state.dueDate, -(remaining[0] as number)) };
  // After a missed day or two, send only the latest step that is due, not a burst of them.
  const step = Math.min(...due);
  const later = remaining.filter((k) => k < step);
  const attemptsLeft = settings.maxAttempts - state.contacts - 1;
  return attemptsLeft > 0 && later.length > 0 ? { kind: 'send', step, nextQueueDay: addDays(state.dueDate, -(later[0] as number)) } : { kind: 'send', step };
};

export const recallOccasion = (group: string, dueDate: string, step: number): string => `recall.${group}.${dueDate}.d${step}`;
