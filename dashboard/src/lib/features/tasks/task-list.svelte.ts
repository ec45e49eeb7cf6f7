import type { SmileloopApi } from '../../api/smileloop-api';
import type { FollowUpTask, TaskListItem } from '../../api/types';
import type { TaskAssigneeFilter } from '../../state/router.svelte';

/** The clinic's pending follow-up calls (open and escalated), soonest due first. */
export class TaskList {
  readonly #api: SmileloopApi;
  #generation = 0;

  items = $state<TaskListItem[]>([]);
  loading = $state(false);
  loaded = $state(false);
  error = $state<unknown>(null);

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  async load(clinicId: string, assignee: TaskAssigneeFilter): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const { items } = await this.#api.listTasks(clinicId, assignee);
      if (generation !== this.#generation) return;
      this.items = [...items].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
      this.loaded = true;
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** A recorded call answers with the task as it is now; it stays listed (done or not) until reload. */
  replace(task: FollowUpTask, now = new Date()): void {
    this.items = this.items.map((t) => (t.taskId === task.taskId && t.patientId === task.patientId ? { ...task, overdue: task.status !== 'done' && Date.parse(task.dueAt) < now.getTime() } : t));
  }
}
