/**
 * Post-treatment care messages (术后关怀): right after checkout (a checkout puts an event that
 * runs this job for its chain at once) and the care pathway's later messages as they fall due
 * (the 15-minute schedule, also the safety net for a lost event). Reads only the chain's
 * due-care-message index up to now, never scans. Each message goes through the send pipeline
 * (consent, suppression, window, ledger claim), so a redelivered or concurrent run sends it
 * once; the item leaves the index once the ledger holds the occasion, and deferred or failed
 * sends are the message-retries job's from then on.
 */
import type { AutomationSettings } from '../../shared/schemas/automations.js';
import { visitCheckedOutEvent } from '../../shared/schedules.js';
import { careTemplateFor } from '../../shared/domain/messaging/care-templates.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { careMessagesDueBy, deleteCareMessage, visitCareMessages, type StoredCareMessage } from '../adapters/dynamo/care-message-repository.js';
import { recordOutcome, type LedgerKey } from '../adapters/dynamo/send-ledger-repository.js';
import { sendMessage, type SendOutcome } from '../services/send-pipeline.js';
import { mapLimit } from '../lib/concurrency.js';
import { createJobHandler, type JobEvent } from './lib/job-runner.js';

/** Per run; what is left waits for the next run (15 minutes at most) rather than risk the timeout. */
const maxPerRun = 1000;
/** A few sends at once: each is several reads and writes, and DynamoDB Local is one process. */
const concurrency = 4;

const ledgerKey = (tenantId: string, message: StoredCareMessage): LedgerKey => ({ tenantId, patientId: message.patientId, purpose: 'care', occasion: message.occasion });

/** Care switched off by the owner: recorded as skipped, so nothing disappears without a trace. */
const skipSwitchedOff = async (tenantId: string, message: StoredCareMessage, now: Date): Promise<SendOutcome['status']> => {
  const recorded = await recordOutcome(ledgerKey(tenantId, message), message.clinicId, { status: 'skipped', decision: { at: now.toISOString(), kind: 'skip', reason: 'automation-off' } }, false);
  return recorded ? 'skipped' : 'duplicate';
};

const send = async (tenantId: string, message: StoredCareMessage, settings: AutomationSettings, now: Date): Promise<SendOutcome['status']> =>
  (
    await sendMessage(
      { ...ledgerKey(tenantId, message), template: careTemplateFor(message.topic), ref: { kind: 'standing' }, settings },
      { now },
    )
  ).status;

/** The visit a checkout event names, if this run was started by one. */
const checkedOutVisit = (event: JobEvent | undefined): { patientId: string; visitId: string } | undefined => {
  if (event?.['detail-type'] !== visitCheckedOutEvent.detailType) return undefined;
  const detail: Record<string, unknown> = event.detail ?? {};
  return typeof detail.patientId === 'string' && typeof detail.visitId === 'string' ? { patientId: detail.patientId, visitId: detail.visitId } : undefined;
};

/**
 * Due by `now`: the index, plus (for a checkout's run) that visit's own items read consistently,
 * since the index may lag a moment behind the checkout that just wrote them.
 */
const dueMessages = async (tenantId: string, now: string, event: JobEvent | undefined): Promise<StoredCareMessage[]> => {
  const visit = checkedOutVisit(event);
  const [fresh, indexed] = await Promise.all([
    visit ? visitCareMessages(tenantId, visit.patientId, visit.visitId) : Promise.resolve([]),
    careMessagesDueBy(tenantId, now, maxPerRun),
  ]);
  const byKey = new Map<string, StoredCareMessage>();
  for (const message of [...fresh.filter((m) => m.dueAt <= now), ...indexed]) byKey.set(`${message.patientId}|${message.occasion}`, message);
  return [...byKey.values()];
};

export const handler = createJobHandler('care-messages', async (tenantId, now, event) => {
  const { settings } = await getAutomationSettings(tenantId);
  const due = await dueMessages(tenantId, now.toISOString(), event);
  const tally: Record<string, number> = { due: due.length, sent: 0, skipped: 0, deferred: 0, failed: 0, duplicate: 0 };
  await mapLimit(due, { limit: concurrency, onError: 'continue' }, async (message) => {
    const status = settings.care.enabled ? await send(tenantId, message, settings, now) : await skipSwitchedOff(tenantId, message, now);
    tally[status] = (tally[status] ?? 0) + 1;
    // Every decided outcome leaves the ledger holding the occasion. A duplicate means another run
    // holds the claim: it deletes the item when done, and a claim abandoned by a crash is taken
    // again by a later run once stale. An error above keeps the item for the next run too.
    if (status !== 'duplicate') await deleteCareMessage(tenantId, message);
  });
  return tally;
});
