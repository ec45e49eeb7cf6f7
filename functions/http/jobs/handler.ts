/** The owner's view of jobs, and "run now": the same event rule the deployed bus has starts the job. */
import * as z from 'zod';
import { jobs, runJobEvent, type RunJobDetail } from '../../../shared/schedules.js';
import { jobNameSchema, type JobRunQueued, type JobView } from '../../../shared/schemas/jobs.js';
import { latestJobRun } from '../../adapters/dynamo/job-run-repository.js';
import { listPatientCounts } from '../../adapters/dynamo/stats-repository.js';
import { putEvent } from '../../adapters/event-bus.js';
import { parseWith, pathParam, rejectBody } from '../lib/request.js';
import { createAreaHandler, ok } from '../lib/router.js';

export const handler = createAreaHandler('jobs', {
  'GET /jobs': async (_event, caller) => {
    const items = await Promise.all(
      jobs.map(async (job): Promise<JobView> => ({ name: job.name, description: job.description, schedule: job.schedule, lastRun: (await latestJobRun(caller.tenantId, job.name)) ?? null })),
    );
    return ok({ items, patientCounts: await listPatientCounts(caller.tenantId) });
  },

  'POST /jobs/{jobName}/run': async (event, caller) => {
    const job = parseWith(z.object({ jobName: jobNameSchema }), { jobName: pathParam(event, 'jobName') }).jobName;
    rejectBody(event);
    const detail: RunJobDetail = { job, tenantId: caller.tenantId, requestedBy: caller.userId };
    const eventId = await putEvent({ source: runJobEvent.source, detailType: runJobEvent.detailType, detail });
    return { status: 202, body: { job, eventId, status: 'queued' } satisfies JobRunQueued };
  },
});
