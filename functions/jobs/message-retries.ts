/**
 * Every 15 minutes: sends that were deferred by quiet hours or whose publish failed are tried
 * again once due, with the same text and the same occasion check, through the same pipeline
 * (the ledger claim keeps it to one message). Deferred means deferred, never dropped.
 */
import { dueRetries } from '../adapters/dynamo/send-ledger-repository.js';
import { logger } from '../adapters/logger.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { sendMessage } from '../services/send-pipeline.js';
import { createJobHandler } from './lib/job-runner.js';

export const handler = createJobHandler('message-retries', async (tenantId, now) => {
  const tally: Record<string, number> = { due: 0, sent: 0, skipped: 0, deferred: 0, failed: 0, duplicate: 0 };
  const { settings } = await getAutomationSettings(tenantId);
  for (const entry of await dueRetries(tenantId, now.toISOString())) {
    // A claim of the old shape (made before claims entered the lists' index, gsi4) waits here for the claim sweep, which alone may resolve it.
    if (entry.status === 'claimed') continue;
    tally.due = (tally.due ?? 0) + 1;
    if (!entry.retry) {
      logger.warn('ledger entry without retry payload', { tenantId, purpose: entry.purpose });
      continue;
    }
    const outcome = await sendMessage(
      { tenantId, patientId: entry.patientId, purpose: entry.purpose, occasion: entry.occasion, template: entry.retry.template, values: entry.retry.values, ref: entry.retry.ref, ...(entry.retry.variant ? { variant: entry.retry.variant } : {}), settings },
      { now },
    );
    tally[outcome.status] = (tally[outcome.status] ?? 0) + 1;
  }
  return tally;
});
