import * as z from 'zod';
import { roles } from '../domain/access.js';
import { isoDateTimeSchema, textSchema } from './common.js';

export const taskOutcomes = ['reached-fine', 'reached-problem', 'no-answer', 'wrong-number'] as const;
export type TaskOutcome = (typeof taskOutcomes)[number];
export const taskKinds = ['care-call', 'recall-call', 'reschedule', 'reply', 'manual'] as const;

export type TaskAssignee = { kind: 'role'; role: (typeof roles)[number] } | { kind: 'person'; userId: string };

export type TaskAttempt = { at: string; by: string; outcome: TaskOutcome; notes: string };

export type FollowUpTask = {
  taskId: string;
  patientId: string;
  /** snapshot for the task list, taken when the task is made */
  patientName: string;
  clinicId: string;
  kind: (typeof taskKinds)[number];
  /** what the call is about, e.g. post-op-24h */
  topic: string;
  /** the occasion the task is for; one open task per patient per occasion */
  occasion: string;
  dueAt: string;
  assignee: TaskAssignee;
  status: 'open' | 'done' | 'escalated';
  attempts: TaskAttempt[];
  visitId?: string;
  /** the appointment a reschedule request is about */
  appointmentId?: string;
  /** an SMS reply in the patient's own words, for whoever calls back (never logged) */
  replyText?: string;
  createdAt: string;
  updatedAt: string;
};

export const taskAttemptSchema = z.strictObject({
  outcome: z.enum(taskOutcomes, { error: `must be one of ${taskOutcomes.join(', ')}` }),
  notes: textSchema({ multiline: true }).max(1000, { error: 'must be at most 1000 characters' }).default(''),
  /** for no-answer: when to try again (defaults to tomorrow, same time) */
  retryAt: isoDateTimeSchema.optional(),
});

/** What POST …/tasks/{taskId}/attempts takes, before defaults are filled in. */
export type TaskAttemptInput = z.input<typeof taskAttemptSchema>;

/** GET /tasks: pending tasks, each saying whether it is past due. */
/** A task as the list shows it: with the number to call, masked for roles that see no contact details. */
export type TaskListItem = FollowUpTask & { overdue: boolean; patientPhone?: string };

export const taskCreateSchema = z.strictObject({
  patientId: z.string().min(1).max(40),
  topic: z.string().trim().regex(/^[a-z0-9-]{2,40}$/, { error: 'must be 2–40 lower-case letters, digits or -' }),
  dueAt: isoDateTimeSchema,
  assignee: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('role'), role: z.enum(roles) }),
    z.strictObject({ kind: z.literal('person'), userId: z.string().min(1).max(64) }),
  ]),
  /** an occasion key makes the task unique: a second task for the same occasion is refused */
  occasion: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/).optional(),
});

export const taskListQuerySchema = z.strictObject({
  clinicId: z.string().min(1).max(40),
  /** 'me': tasks assigned to me or my role */
  assignee: z.enum(['me', 'all']).default('all'),
  dueBefore: isoDateTimeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
