/**
 * The common shape of every job Lambda. A scheduled event works for every chain; an event that
 * names a chain (a "run now", a checkout asking for its care messages) works for that chain
 * only. Each chain's run is recorded; a chain that fails is recorded and reported to its
 * staff-alerts, the others still run, and the invocation then fails so EventBridge retries it
 * (jobs are idempotent) and the failure is visible.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { runJobEvent, type JobName, type RunJobDetail } from '../../../shared/schedules.js';
import { listTenantIds } from '../../adapters/dynamo/org-repository.js';
import { recordJobRun, type JobRun } from '../../adapters/dynamo/job-run-repository.js';
import { logger } from '../../adapters/logger.js';
import { runtimeMode } from '../../adapters/config.js';
import { alertStaff } from '../../adapters/notifier.js';

export type JobEvent = EventBridgeEvent<string, Partial<RunJobDetail>>;
/** `event` is there for jobs an event names a particular thing to (e.g. the visit just checked out). */
export type JobWork = (tenantId: string, now: Date, event?: JobEvent) => Promise<Record<string, number>>;

export const createJobHandler = (job: JobName, work: JobWork) => async (event: JobEvent): Promise<{ tenants: number; failed: number }> => {
  const manual = event['detail-type'] === runJobEvent.detailType;
  const forTenant = typeof event.detail?.tenantId === 'string' && event.detail.tenantId !== '' ? event.detail.tenantId : undefined;
  const trigger: JobRun['trigger'] = manual ? 'manual' : forTenant ? 'event' : 'schedule';
  const tenantIds = forTenant ? [forTenant] : await listTenantIds();
  // In the cloud every decision uses the real clock: a retried event arrives with its original
  // time, and deciding as if it were still then would send greetings after the window, reminders
  // after the appointment, and stamp claims in the past. The local twin (tests, people trying it)
  // may replay a moment by setting the event's time.
  const now = runtimeMode() === 'local' && event.time ? new Date(event.time) : new Date();
  let failed = 0;
  for (const tenantId of tenantIds) {
    const startedAt = new Date().toISOString();
    try {
      const summary = await work(tenantId, now, event);
      await recordJobRun(tenantId, { job, trigger, startedAt, finishedAt: new Date().toISOString(), status: 'succeeded', summary });
      logger.info('job run', { job, tenantId, status: 'succeeded', ...summary });
    } catch (error) {
      failed += 1;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
      logger.error('job run failed', { job, tenantId, errorMessage: message });
      // Reporting must not stop the other chains' runs; if it fails too, the log still has it.
      await Promise.allSettled([
        recordJobRun(tenantId, { job, trigger, startedAt, finishedAt: new Date().toISOString(), status: 'failed', summary: {}, error: message }),
        alertStaff(tenantId, { subject: `Smileloop job ${job} failed`, text: `The ${job} job failed at ${startedAt}: ${message}. It will be retried.`, purpose: 'job-failure' }),
      ]);
    }
  }
  if (failed > 0) throw new Error(`${job}: ${failed} of ${tenantIds.length} chains failed`);
  return { tenants: tenantIds.length, failed };
};
