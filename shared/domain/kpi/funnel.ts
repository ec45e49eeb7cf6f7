/**
 * The lifecycle funnel, two ways:
 * - `steps`: lead (the intake form's leads: open ones and those converted to patients; not
 *   patient records, so it carries no patient list) → registered → first visit → returning
 *   (≥2 visits) → loyal (≥5 visits and ≥¥5,000 spent, the thresholds of
 *   shared/domain/lifecycle.ts) → member (holds a membership). From registered on each step is
 *   a subset of the one before (except `member`, see below); walk-ins never were leads, so
 *   registered may exceed lead, and shares are read against registered.
 * - `stages`: where everyone is today, by lifecycleStage of shared/domain/lifecycle.ts (so the
 *   dashboard and the patient page never disagree), plus open leads as `lead`.
 */
import { lifecycleStage } from '../lifecycle.js';
import { lifecycleStages, type LifecycleStage } from '../../schemas/patient.js';
import type { Fen } from '../money.js';
import type { Cohort } from './activity.js';
import type { BaseOptions, PatientFacts } from './patient-facts.js';

export type FunnelStep = 'lead' | 'registered' | 'first-visit' | 'returning' | 'loyal' | 'member';
export const funnelSteps: readonly FunnelStep[] = ['lead', 'registered', 'first-visit', 'returning', 'loyal', 'member'];

export const funnelLabels: Record<FunnelStep, { zh: string; en: string }> = {
  lead: { zh: '线索', en: 'Leads' },
  registered: { zh: '建档', en: 'Registered' },
  'first-visit': { zh: '首诊', en: 'First visit' },
  returning: { zh: '复诊', en: 'Returning' },
  loyal: { zh: '忠诚', en: 'Loyal' },
  member: { zh: '会员', en: 'Members' },
};

/**
 * Copied from lifecycle.ts, where they are not exported; a test checks lifecycleStage agrees
 * so the two cannot drift silently. (Exporting them there would remove the copy.)
 */
export const loyalMinVisits = 5;
export const loyalMinSpendFen: Fen = 500_000;

export type Funnel = {
  /** `converted` only on the lead step: how many of its leads became patients */
  steps: { step: FunnelStep; count: number; patientIds: string[]; converted?: number }[];
  stages: Record<LifecycleStage, number>;
  stagePatients: Record<Exclude<LifecycleStage, 'lead'>, Cohort>;
};

/**
 * `openLeads`: leads not (yet) converted to patients; they are not patient facts.
 * `convertedLeads`: leads converted to patients. The member step counts `isMember` and is not
 * nested in `loyal` (a new patient may buy a card at once).
 */
export const lifecycleFunnel = (facts: readonly PatientFacts[], options: BaseOptions & { openLeads: number; convertedLeads?: number }): Funnel => {
  const now = new Date(options.asOf);
  const ids: Record<FunnelStep, string[]> = { lead: [], registered: [], 'first-visit': [], returning: [], loyal: [], member: [] };
  const stageIds = Object.fromEntries(lifecycleStages.map((s) => [s, [] as string[]])) as Record<LifecycleStage, string[]>;
  for (const f of facts) {
    ids.registered.push(f.patientId);
    if (f.visitsCount >= 1) ids['first-visit'].push(f.patientId);
    if (f.visitsCount >= 2) ids.returning.push(f.patientId);
    if (f.visitsCount >= loyalMinVisits && f.totalSpentFen >= loyalMinSpendFen) ids.loyal.push(f.patientId);
    if (f.isMember === true) ids.member.push(f.patientId);
    const stage = lifecycleStage(
      {
        visitCount: f.visitsCount,
        totalSpendFen: f.totalSpentFen,
        ...(f.firstVisitAt !== undefined && { firstVisitAt: f.firstVisitAt }),
        ...(f.lastVisitAt !== undefined && { lastVisitAt: f.lastVisitAt }),
        ...(f.lastCategories !== undefined && { lastCategories: f.lastCategories }),
        ...(f.lastCarePathwayUntil !== undefined && { lastCarePathwayUntil: f.lastCarePathwayUntil }),
      },
      now,
    );
    stageIds[stage].push(f.patientId);
  }
  const converted = options.convertedLeads ?? 0;
  const steps = funnelSteps.map((step) =>
    step === 'lead' ? { step, count: options.openLeads + converted, patientIds: [], converted } : { step, count: ids[step].length, patientIds: [...ids[step]].sort() },
  );
  const stages = Object.fromEntries(lifecycleStages.map((s) => [s, s === 'lead' ? options.openLeads : stageIds[s].length])) as Record<LifecycleStage, number>;
  const stagePatients = Object.fromEntries(
    lifecycleStages.filter((s): s is Exclude<LifecycleStage, 'lead'> => s !== 'lead').map((s) => [s, { count: stageIds[s].length, patientIds: [...stageIds[s]].sort() }]),
  ) as Record<Exclude<LifecycleStage, 'lead'>, Cohort>;
  return { steps, stages, stagePatients };
};
