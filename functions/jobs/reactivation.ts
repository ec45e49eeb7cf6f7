/**
 * Daily: dormant patients (no visit for 12 months by default) get an invitation back, the
 * highest past value first, up to the chain's daily limit, at most N attempts at an interval.
 * Reads the last-visit index for the dormant band only. The day's list is frozen on first read
 * and worked through in checkpointed batches, so a failed run resumes without skipping or
 * repeating anyone; every message goes through the send pipeline (consent, budget, window).
 */
import { dormantBand, planReactivations, type PlannedReactivation } from '../../shared/domain/messaging/reactivation.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { claimDailyPlan, dailyPlanExists, dormantCandidates, recordReactivationAttempt } from '../adapters/dynamo/reactivation-repository.js';
import { ledgerStatusOf } from '../adapters/dynamo/send-ledger-repository.js';
import { sendMessage } from '../services/send-pipeline.js';
import { withHoldout } from '../services/automation-holdout.js';
import { runCheckpointed } from './lib/checkpointed-run.js';
import { createJobHandler } from './lib/job-runner.js';

const pageSize = 50;

export const runReactivation = async (tenantId: string, now: Date): Promise<Record<string, number>> => {
  const { settings } = await getAutomationSettings(tenantId);
  if (!settings.reactivation.enabled) return { disabled: 1 };
  const [firstClinic] = await listClinics(tenantId);
  const today = localDay(now, firstClinic?.timeZone ?? defaultTimeZone);
  let candidatesRead = 0;
  let plan = await dailyPlanExists(tenantId, today);
  if (!plan) {
    const band = dormantBand(today, settings.reactivation);
    const candidates = await dormantCandidates(tenantId, band.from, band.to);
    candidatesRead = candidates.length;
    plan = await claimDailyPlan(tenantId, today, planReactivations(candidates, today, settings.reactivation));
  }
  const frozen: PlannedReactivation[] = plan;
  const tally = await runCheckpointed<PlannedReactivation>({
    tenantId,
    job: 'reactivation',
    runKey: today,
    fetchPage: async (startKey) => {
      const offset = Number(startKey?.offset ?? 0);
      const next = offset + pageSize;
      return { items: frozen.slice(offset, next), ...(next < frozen.length ? { lastKey: { offset: next } } : {}) };
    },
    handle: async (planned) => {
      const key = { tenantId, patientId: planned.patientId, purpose: 'reactivation' as const, occasion: planned.occasion };
      // A held-out patient gets nothing but counts as an attempt, so the holdout follows the treated's schedule.
      const outcome = await withHoldout({ tenantId, automation: 'reactivation', holdoutPercent: settings.reactivation.holdoutPercent, now }, planned.patientId, planned.occasion, () => sendMessage(
        {
          ...key,
          template: settings.reactivation.template,
          values: { coupon: settings.reactivation.offer },
          ref: { kind: 'dormant', lastVisitAt: planned.lastVisitAt },
          settings,
        },
        { now },
      ));
      // Counted whatever the decision (a skip too): the interval then applies before the next try.
      // A claim a crashed run left ('duplicate' of a claimed entry) counts only once the claim
      // sweep resolves it, so a message that never went out does not push the next try away.
      if (outcome.status !== 'duplicate' || (await ledgerStatusOf(key)) !== 'claimed') await recordReactivationAttempt(tenantId, planned, now.toISOString());
      return outcome.status;
    },
  });
  return { planned: frozen.length, candidatesRead, ...tally };
};

export const handler = createJobHandler('reactivation', runReactivation);
