import type { SmileloopApi } from '../../api/smileloop-api';
import type { JobName, JobView } from '../../api/types';

const pollEveryMs = 750;
const pollTimes = 40;
const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * The owner's jobs with their last runs (GET /jobs), and "run now": the run is queued on the bus,
 * so its result is the next run GET /jobs reports for that job.
 */
export class JobRunner {
  readonly #api: SmileloopApi;

  jobs = $state<Partial<Record<JobName, JobView>>>({});
  running = $state<Partial<Record<JobName, boolean>>>({});
  /** queued, but no run seen within the polling time */
  late = $state<Partial<Record<JobName, boolean>>>({});
  error = $state<unknown>(null);

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    try {
      const { items } = await this.#api.listJobs();
      this.jobs = Object.fromEntries(items.map((j) => [j.name, j]));
    } catch (error) {
      this.error = error;
    }
  }

  async run(job: JobName): Promise<void> {
    if (this.running[job]) return;
    const before = this.jobs[job]?.lastRun?.startedAt ?? '';
    this.running[job] = true;
    this.late[job] = false;
    this.error = null;
    try {
      await this.#api.runJob(job);
      for (let i = 0; i < pollTimes; i++) {
        await pause(pollEveryMs);
        await this.load();
        if ((this.jobs[job]?.lastRun?.startedAt ?? '') !== before) return;
      }
      this.late[job] = true;
    } catch (error) {
      this.error = error;
    } finally {
      this.running[job] = false;
    }
  }
}
