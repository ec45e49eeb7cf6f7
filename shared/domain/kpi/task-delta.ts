/**
 * Follow-up tasks count on the clinic day they are due, under the staff member (or role) they
 * are assigned to, by their current state. Like every rollup here the counts are a function of
 * the task as it stands, so a recomputation from stored tasks gives the same numbers.
 *
 * Caveat (see kpiTaskOf): FollowUpTask overwrites `dueAt` and `assignee` on retry and
 * escalation, so the counts follow the task to its latest due day and assignee.
 */
import type { FollowUpTask, TaskAssignee } from '../../schemas/task.js';
import { counterNames as n, type Counters } from './counters.js';
import { clinicDay, diffDayCounters, type DayCounters } from './day-counters.js';

export type KpiTask = {
  taskId: string;
  clinicId: string;
  /** counted on the clinic's local day of this instant */
  dueAt: string;
  /** staffKeyOf(assignee): a user id, or `role:<role>` for a task left to a role */
  staff: string;
  status: FollowUpTask['status'];
  /** it went past due without being done; stays true if done late, when the writer knows it */
  overdue: boolean;
};

export const staffKeyOf = (assignee: TaskAssignee): string => (assignee.kind === 'person' ? assignee.userId : `role:${assignee.role}`);

/**
 * The KPI view of a stored task. "Overdue" is read from the task domain: `escalateOverdue`
 * (shared/domain/tasks.ts) escalates a task nobody acted on and sets dueAt to that moment,
 * while a problem or a third unanswered call escalates with dueAt equal to the attempt's time.
 * So an escalated task whose dueAt is later than its last attempt was escalated for time.
 */
export const kpiTaskOf = (task: Pick<FollowUpTask, 'taskId' | 'clinicId' | 'dueAt' | 'assignee' | 'status' | 'attempts'>): KpiTask => {
  const last = task.attempts[task.attempts.length - 1];
  const overdue = task.status === 'escalated' && (!last || Date.parse(last.at) < Date.parse(task.dueAt));
  return { taskId: task.taskId, clinicId: task.clinicId, dueAt: task.dueAt, staff: staffKeyOf(task.assignee), status: task.status, overdue };
};

export const taskCounters = (task: KpiTask): Counters => {
  const c: Record<string, number> = { [n.tasks('due')]: 1, [n.tasks('due', task.staff)]: 1 };
  if (task.status === 'done') Object.assign(c, { [n.tasks('done')]: 1, [n.tasks('done', task.staff)]: 1 });
  if (task.overdue) Object.assign(c, { [n.tasks('overdue')]: 1, [n.tasks('overdue', task.staff)]: 1 });
  return c;
};

export const taskContribution = (task: KpiTask, timeZone: string): DayCounters => ({ ...clinicDay(task.clinicId, task.dueAt, timeZone), counters: taskCounters(task) });

/** before undefined: created; after undefined: deleted. `timeZone` is the task's clinic zone. */
export const deltaForTaskChange = (before: KpiTask | undefined, after: KpiTask | undefined, timeZone: string): DayCounters[] =>
  diffDayCounters(before ? [taskContribution(before, timeZone)] : [], after ? [taskContribution(after, timeZone)] : []);
