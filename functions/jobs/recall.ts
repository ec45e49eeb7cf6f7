/**
 * Hourly: recall messages before each recall falls due (14 and 7 days by default, per chain),
 * at most N per due date, never when an appointment is already booked ahead. Reads only the
 * recalls queued for action up to today (recall-outreach.ts); each handled recall moves to its
 * next day or leaves the queue, so a failed run resumes where it stopped and nobody is read twice
 * in a day. Every message goes through the send pipeline (consent, window, ledger).
 */
import { planRecallContact, recallOccasion } from '../../shared/domain/messaging/recall-outreach.js';
import { addDays, defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { nextOpenAppointment } from '../adapters/dynamo/appointment-repository.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { moveRecall, queuedRecalls, type QueuedRecall } from '../adapters/dynamo/recall-queue-repository.js';
import { sendMessage } from '../services/send-pipeline.js';
import { withHoldout } from '../services/automation-holdout.js';
import { mapLimit } from '../lib/concurrency.js';
import { createJobHandler } from './lib/job-runner.js';

const count = (tally: Record<string, number>, label: string, n = 1) => {
  tally[label] = (tally[label] ?? 0) + n;
};

export const runRecall = async (tenantId: string, now: Date): Promise<Record<string, number>> => {
  const { settings } = await getAutomationSettings(tenantId);
  if (!settings.recall.enabled) return { disabled: 1 };
  const clinics = new Map<string, Clinic>((await listClinics(tenantId)).map((c) => [c.clinicId, c]));
  const zoneOf = (clinicId: string) => clinics.get(clinicId)?.timeZone ?? defaultTimeZone;
  // The queue is chain-wide; clinics may sit in different zones: read up to the latest "today".
  const upto = [...clinics.values()].map((c) => localDay(now, c.timeZone)).reduce((a, b) => (a > b ? a : b), localDay(now, defaultTimeZone));
  const tally: Record<string, number> = { itemsRead: 0, sent: 0 };

  const handle = async (recall: QueuedRecall): Promise<void> => {
    const timeZone = zoneOf(recall.clinicId);
    const today = localDay(now, timeZone);
    if (recall.queueKey.slice(0, 10) > today) return count(tally, 'notYetLocally');
    const plan = planRecallContact(recall, today, settings.recall);
    if (plan.kind === 'done') return void ((await moveRecall(tenantId, recall, undefined)) && count(tally, 'finished'));
    if (plan.kind === 'wait') return void ((await moveRecall(tenantId, recall, plan.until)) && count(tally, 'waiting'));
    const booked = await nextOpenAppointment(tenantId, recall.patientId, now.toISOString());
    if (booked) {
      count(tally, 'itemsRead');
      // Come back the day after: a no-show or a cancellation puts the recall back in play.
      const after = addDays(localDay(new Date(booked.startAt), timeZone), 1);
      return void ((await moveRecall(tenantId, recall, after)) && count(tally, 'bookedAhead'));
    }
    const occasion = recallOccasion(recall.group, recall.dueDate, plan.step);
    // A held-out patient gets nothing, and the recall moves on as if the step were sent.
    const outcome = await withHoldout({ tenantId, automation: 'recall', holdoutPercent: settings.recall.holdoutPercent, now }, recall.patientId, occasion, () => sendMessage(
      {
        tenantId,
        patientId: recall.patientId,
        purpose: 'recall',
        occasion,
        template: settings.recall.template,
        ref: { kind: 'recall', group: recall.group, dueDate: recall.dueDate },
        settings,
        clinics,
      },
      { now },
    ));
    count(tally, outcome.status);
    // Another run holds the claim (or abandoned it): the recall stays put until the ledger owns the step.
    if (outcome.status === 'duplicate') return;
    // Whatever the outcome, the ledger now holds this step (deferred and failed sends are retried
    // from there), so the recall moves on.
    await moveRecall(tenantId, recall, plan.nextQueueDay, plan.step);
  };

  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await queuedRecalls(tenantId, upto, startKey);
    count(tally, 'itemsRead', page.read);
    await mapLimit(page.items, { limit: 4, onError: 'continue' }, handle);
    startKey = page.lastKey;
  } while (startKey);
  return tally;
};

export const handler = createJobHandler('recall', runRecall);
