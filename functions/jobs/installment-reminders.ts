/**
 * Hourly: a reminder `settings.installment.daysBefore` days before each installment part falls
 * due, by the clinic's calendar and inside the care window, through the send pipeline.
 *
 * The due-installment index is the work queue (installment-queue.ts): the run reads it only up to
 * the last due date that may be reminded today, and each part it handles leaves the queue once
 * its reminder is in the send ledger (sent, skipped, or deferred/failed and left to the retry job).
 * We chose removal over a "reminded" flag because a flag still costs a read of every such part
 * every hour until its due date; removal makes each part cost one read when its day comes.
 * Paid parts are never reminded: the job drops them, and the pipeline checks the part is still
 * unpaid (strongly consistent) at the moment of sending.
 */
import { chineseMonthDay } from '../../shared/domain/messaging/day-text.js';
import { installmentAction, installmentOccasion } from '../../shared/domain/messaging/installments.js';
import { insideWindow } from '../../shared/domain/messaging/quiet-hours.js';
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import { addDays, defaultTimeZone, localDay } from '../../shared/domain/time.js';
import { defaultTemplates } from '../../shared/schemas/automations.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { leaveInstallmentQueue, queuedInstallments, type QueuedInstallment } from '../adapters/dynamo/installment-queue.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { sendMessage, windowsOf } from '../services/send-pipeline.js';
import { mapLimit } from '../lib/concurrency.js';
import { createJobHandler } from './lib/job-runner.js';

const count = (tally: Record<string, number>, label: string, n = 1): void => {
  tally[label] = (tally[label] ?? 0) + n;
};

export const runInstallmentReminders = async (tenantId: string, now: Date): Promise<Record<string, number>> => {
  const { settings } = await getAutomationSettings(tenantId);
  if (!settings.installment.enabled) return { disabled: 1 };
  const { daysBefore } = settings.installment;
  const clinics = new Map<string, Clinic>((await listClinics(tenantId)).map((c) => [c.clinicId, c]));
  const zoneOf = (clinicId: string) => clinics.get(clinicId)?.timeZone ?? defaultTimeZone;
  // The queue is chain-wide and clinics may sit in different zones: read up to the latest local day.
  const latestToday = [...clinics.values()].map((c) => localDay(now, c.timeZone)).reduce((a, b) => (a > b ? a : b), localDay(now, defaultTimeZone));
  const parts = await queuedInstallments(tenantId, addDays(latestToday, daysBefore));
  const tally: Record<string, number> = { partsRead: parts.length, sent: 0 };
  const careWindow = windowsOf(settings).care;

  const handle = async (part: QueuedInstallment): Promise<void> => {
    const timeZone = zoneOf(part.clinicId);
    const action = installmentAction(part, localDay(now, timeZone), daysBefore);
    if (action === 'wait') return count(tally, 'notYet');
    if (action === 'drop') return void ((await leaveInstallmentQueue(tenantId, part, false, now.toISOString())) && count(tally, part.status === 'paid' ? 'paid' : 'pastDue'));
    // Outside the window the pipeline would only defer; the part waits in the queue for a later run.
    if (!insideWindow(now, timeZone, careWindow)) return count(tally, 'outsideWindow');
    const outcome = await sendMessage(
      {
        tenantId,
        patientId: part.patientId,
        purpose: 'installment',
        occasion: installmentOccasion(part),
        template: defaultTemplates.installment,
        values: { time: chineseMonthDay(part.dueDate) },
        // A "due on …" notice retried after the due date would be wrong: stale from the next day.
        ref: { kind: 'installment', visitId: part.visitId, n: part.n, notAfter: instantOnLocalDay(addDays(part.dueDate, 1), timeZone) },
        settings,
      },
      { now },
    );
    count(tally, outcome.status);
    // A duplicate means another run holds the claim: the part stays queued until the ledger owns it.
    if (outcome.status === 'duplicate') return;
    // Whatever the outcome the ledger now owns this reminder (retries included): leave the queue.
    await leaveInstallmentQueue(tenantId, part, true, now.toISOString());
  };

  await mapLimit(parts, { limit: 4, onError: 'continue' }, handle);
  return tally;
};

export const handler = createJobHandler('installment-reminders', runInstallmentReminders);
