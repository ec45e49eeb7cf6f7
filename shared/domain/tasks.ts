/**
 * What an attempt at a follow-up call does to the task. Reached and fine: done. Reached with a
 * problem: escalated to the clinic manager. No answer: try again (tomorrow by default), and after
 * three unanswered attempts the manager takes it. Wrong number: done; the outcome stays on the
 * task's attempts for the front desk to correct the number.
 */
import type { FollowUpTask, TaskAttempt } from '../schemas/task.js';
import { addDays, localDay } from './time.js';
import { instantOnLocalDay } from './local-instant.js';

export const maxUnansweredAttempts = 3;
const day = 24 * 3600_000;

export type AttemptResult = Pick<FollowUpTask, 'status' | 'dueAt' | 'assignee' | 'attempts'>;

export const applyAttempt = (task: FollowUpTask, attempt: TaskAttempt, retryAt?: string): AttemptResult => {
  const attempts = [...task.attempts, attempt];
  const manager = { kind: 'role', role: 'manager' } as const;
  switch (attempt.outcome) {
    case 'reached-fine':
    case 'wrong-number':
      return { status: 'done', dueAt: task.dueAt, assignee: task.assignee, attempts };
    case 'reached-problem':
      return { status: 'escalated', dueAt: attempt.at, assignee: manager, attempts };
    case 'no-answer': {
      const unanswered = attempts.filter((a) => a.outcome === 'no-answer').length;
      if (unanswered >= maxUnansweredAttempts) return { status: 'escalated', dueAt: attempt.at, assignee: manager, attempts };
      return { status: 'open', dueAt: retryAt ?? new Date(Date.parse(attempt.at) + day).toISOString(), assignee: task.assignee, attempts };
    }
  }
};

/** Open and escalated tasks still need someone; done ones do not. */
export const isPending = (task: Pick<FollowUpTask, 'status'>): boolean => task.status !== 'done';

export const isAssignedTo = (task: Pick<FollowUpTask, 'assignee'>, userId: string, role: string): boolean =>
  task.assignee.kind === 'person' ? task.assignee.userId === userId : task.assignee.role === role;

/** A task nobody acted on a day after it was due: the manager takes it, with the reason on record. */
export const escalateOverdue = (at: string): Pick<FollowUpTask, 'status' | 'assignee' | 'dueAt' | 'updatedAt'> => ({
  status: 'escalated',
  assignee: { kind: 'role', role: 'manager' },
  // Due now for the manager; it also leaves the stretch of the index the hourly job reads.
  dueAt: at,
  updatedAt: at,
});

/**
 * When the desk must answer a patient's SMS: within `withinHours` working hours of its arrival,
 * counted inside the clinic's day (`opensAt`–`closesAt`, local hours; clinics here open every
 * day). A reply at 22:00 is due mid-morning tomorrow, not overdue the moment it arrives.
 */
export const replyDueAt = (arrivedAt: string, timeZone: string, hours: { opensAt: number; closesAt: number; withinHours: number } = { opensAt: 9, closesAt: 18, withinHours: 2 }): string => {
  const arrived = new Date(arrivedAt);
  const today = localDay(arrived, timeZone);
  const open = (day: string) => Date.parse(instantOnLocalDay(day, timeZone, { hour: hours.opensAt }));
  const close = (day: string) => Date.parse(instantOnLocalDay(day, timeZone, { hour: hours.closesAt }));
  let day = today;
  let from = Math.max(arrived.getTime(), open(day));
  if (from >= close(day)) {
    day = addDays(day, 1);
    from = open(day);
  }
  let left = hours.withinHours * 3600_000;
  while (from + left > close(day)) {
    left -= close(day) - from;
    day = addDays(day, 1);
    from = open(day);
  }
  return new Date(from + left).toISOString();
};
