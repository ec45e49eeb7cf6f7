/**
 * The patient lifecycle of seed 003: lead → consulted → in treatment → post-care → maintenance →
 * loyal, and dormant after 12 months without a visit. Worked out from the visit summary and the
 * day it is asked, so a patient drifts into "dormant" without anyone writing anything.
 */
import type { LifecycleStage } from '../schemas/patient.js';
import type { ProcedureCategory } from '../schemas/catalog.js';
import type { PatientSummary } from '../schemas/visit.js';

const day = 24 * 3600_000;
export const dormantAfterDays = 365;
export const activeWithinDays = 183;
/** Treatment that runs over several visits: the patient is "in treatment" until it settles. */
const courseCategories: ProcedureCategory[] = ['restorative', 'implant', 'ortho', 'perio'];
const loyalVisits = 5;
const loyalSpendFen = 500_000;

export type LifecycleFacts = PatientSummary & { lastCategories?: ProcedureCategory[]; lastCarePathwayUntil?: string };

export const lifecycleStage = (facts: LifecycleFacts, now: Date): LifecycleStage => {
  if (!facts.lastVisitAt || facts.visitCount === 0) return 'consulted';
  const sinceLast = now.getTime() - Date.parse(facts.lastVisitAt);
  if (sinceLast > dormantAfterDays * day) return 'dormant';
  if (facts.lastCarePathwayUntil && now.toISOString() <= facts.lastCarePathwayUntil) return 'post-care';
  if (sinceLast <= 30 * day && (facts.lastCategories ?? []).some((c) => courseCategories.includes(c))) return 'in-treatment';
  if (facts.visitCount >= loyalVisits && facts.totalSpendFen >= loyalSpendFen) return 'loyal';
  return 'maintenance';
};
