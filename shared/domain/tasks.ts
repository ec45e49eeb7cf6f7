/**
 * What an attempt at a follow-up call does to the task. Reached and fine: done. Reached with a
 * problem: escalated to the clinic manager. No answer: try again (tomorrow by default), and after
 * three unanswered attempts the manager takes it. Wrong number: done; the outcome stays on the
 * task's attempts for the front desk to correct the number.
 */
import type { FollowUpTask, TaskAttempt } from '../schemas/task.js';

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
