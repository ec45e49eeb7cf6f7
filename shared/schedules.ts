/**
 * Jobs, their schedules and the event rules that start them: one table read by the CDK stack
 * (EventBridge rules targeting one Lambda per job) and by the local scheduler and bus.
 * Cron expressions use EventBridge syntax (minutes hours day-of-month month day-of-week year),
 * always in UTC; jobs work out each clinic's local day from its IANA time zone.
 */
export const jobNames = ['patient-counts'] as const;
export type JobName = (typeof jobNames)[number];

export type JobDefinition = {
  name: JobName;
  description: string;
  /** EventBridge cron, UTC. Day-of-week, when used, is written by name (MON) so that
   * EventBridge (1 = SUN) and the local scheduler (0 = SUN) cannot disagree. */
  schedule: string;
  timeoutSeconds: number;
};

export const jobs: JobDefinition[] = [
  {
    name: 'patient-counts',
    description: 'Nightly patient counts per clinic and acquisition channel (02:00 Asia/Shanghai)',
    schedule: 'cron(0 18 * * ? *)',
    timeoutSeconds: 300,
  },
];

/** Source and detail-type of the event the API puts on the bus to run a job now. */
export const runJobEvent = { source: 'smileloop.api', detailType: 'Job Run Requested' } as const;

export type RunJobDetail = { job: JobName; tenantId: string; requestedBy: string };

export type EventRuleDefinition = {
  id: string;
  pattern: { source: string[]; 'detail-type': string[]; detail?: Record<string, unknown[]> };
  target: JobName;
};

/** One rule per job so that "run now" reaches the same handler the schedule does. */
export const eventRules: EventRuleDefinition[] = jobs.map((job) => ({
  id: `RunNow-${job.name}`,
  pattern: { source: [runJobEvent.source], 'detail-type': [runJobEvent.detailType], detail: { job: [job.name] } },
  target: job.name,
}));

export const busName = 'smileloop';
