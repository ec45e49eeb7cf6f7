/**
 * Hourly: a follow-up call still open a day after it was due goes to the clinic manager, so no
 * post-op patient waits unnoticed. Reads only the sparse index of pending tasks per clinic,
 * due before the cut-off; each escalation is conditional, so a call recorded meanwhile wins.
 */
import { escalateOverdue } from '../../shared/domain/tasks.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { listPendingTasks, saveTaskAfterAttempt } from '../adapters/dynamo/task-repository.js';
import { createJobHandler } from './lib/job-runner.js';

const overdueAfterMs = 24 * 3600_000;

export const handler = createJobHandler('task-escalation', async (tenantId, now) => {
  const cutoff = new Date(now.getTime() - overdueAfterMs).toISOString();
  let escalated = 0;
  for (const clinic of await listClinics(tenantId)) {
    for (const task of await listPendingTasks(tenantId, clinic.clinicId, 1000, cutoff)) {
      if (task.status !== 'open') continue;
      if (await saveTaskAfterAttempt(tenantId, task, { ...task, ...escalateOverdue(now.toISOString()) }, clinic.timeZone)) escalated += 1;
    }
  }
  return { escalated };
});
