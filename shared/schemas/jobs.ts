/** What the owner's jobs page reads: each job with its latest run, and "run now". */
import * as z from 'zod';
import { jobNames, type JobName } from '../schedules.js';

export const jobNameSchema = z.enum(jobNames, { error: `must be one of ${jobNames.join(', ')}` });

export type JobRun = {
  job: JobName;
  /** event: a chain-specific event other than "run now" (e.g. a checkout asking for care messages) */
  trigger: 'schedule' | 'manual' | 'event';
  startedAt: string;
  finishedAt: string;
  status: 'succeeded' | 'failed';
  summary: Record<string, number>;
  error?: string;
};

/** One item of GET /jobs. */
export type JobView = { name: JobName; description: string; schedule?: string; lastRun: JobRun | null };

/** POST /jobs/{jobName}/run (202): the job is queued on the bus. */
export type JobRunQueued = { job: JobName; eventId: string; status: 'queued' };
