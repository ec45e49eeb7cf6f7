/**
 * Active / at risk / dormant (seed: active = a visit within 6 months, dormant = none in 12),
 * retention, return within 6 months of a first visit, and reactivation. Calendar months on the
 * clinic's days; each boundary is spelled out so the dashboard's help text can quote it.
 */
import { timelineOf, type BaseOptions, type PatientFacts, type PatientTimeline } from './patient-facts.js';
import { addMonths } from '../time.js';

export type ActivityStatus = 'active' | 'at-risk' | 'dormant' | 'never-visited';
export const activityStatuses: readonly ActivityStatus[] = ['active', 'at-risk', 'dormant', 'never-visited'];

export const activityLabels: Record<ActivityStatus, { zh: string; en: string }> = {
  active: { zh: '活跃', en: 'Active' },
  'at-risk': { zh: '流失预警', en: 'At risk' },
  dormant: { zh: '沉睡', en: 'Dormant' },
  'never-visited': { zh: '未到诊', en: 'Never visited' },
};

/**
 * last visit on or after asOf − 6 months: active; on or after asOf − 12 months: at risk;
 * earlier: dormant. E.g. as of 2026-07-15: 2026-01-15 is active, 2026-01-14 at risk,
 * 2025-07-15 at risk, 2025-07-14 dormant.
 */
export const activityStatusOf = (t: Pick<PatientTimeline, 'lastDay' | 'asOfDay'>): ActivityStatus => {
  if (t.lastDay === undefined) return 'never-visited';
  if (t.lastDay >= addMonths(t.asOfDay, -6)) return 'active';
  if (t.lastDay >= addMonths(t.asOfDay, -12)) return 'at-risk';
  return 'dormant';
};

/** A count with the patients behind it: every number on the dashboard opens its list. */
export type Cohort = { count: number; patientIds: string[] };
export type Rate = { numerator: Cohort; denominator: Cohort; /** numerator / denominator; null when empty */ rate: number | null };

const cohort = (ids: string[]): Cohort => ({ count: ids.length, patientIds: [...ids].sort() });
const rateOf = (num: string[], den: string[]): Rate => ({ numerator: cohort(num), denominator: cohort(den), rate: den.length === 0 ? null : num.length / den.length });

export const activityCounts = (facts: readonly PatientFacts[], options: BaseOptions): Record<ActivityStatus, Cohort> => {
  const ids: Record<ActivityStatus, string[]> = { active: [], 'at-risk': [], dormant: [], 'never-visited': [] };
  for (const f of facts) ids[activityStatusOf(timelineOf(f, options))].push(f.patientId);
  return { active: cohort(ids.active), 'at-risk': cohort(ids['at-risk']), dormant: cohort(ids.dormant), 'never-visited': cohort(ids['never-visited']) };
};

const visitedIn = (t: PatientTimeline, from: string, toInclusive: string): boolean => t.visitDays.some((d) => d >= from && d <= toInclusive);

/**
 * Retention: of the patients with a visit in the prior year [asOf − 24m, asOf − 12m), the share
 * with a visit in the last year [asOf − 12m, asOf]. Needs visits of the last 24 months.
 */
export const retention = (facts: readonly PatientFacts[], options: BaseOptions): Rate => {
  const base: string[] = [];
  const kept: string[] = [];
  for (const f of facts) {
    const t = timelineOf(f, options);
    const yearAgo = addMonths(t.asOfDay, -12);
    const priorStart = addMonths(t.asOfDay, -24);
    if (!t.visitDays.some((d) => d >= priorStart && d < yearAgo)) continue;
    base.push(f.patientId);
    if (visitedIn(t, yearAgo, t.asOfDay)) kept.push(f.patientId);
  }
  return rateOf(kept, base);
};

/**
 * Return within 6 months (复诊率): of the patients whose first visit falls in
 * [asOf − 6m − cohortMonths, asOf − 6m] (so each has had its full 6 months), the share with
 * another visit on a later day, no later than first visit + 6 months. A second visit the same
 * day (two-step treatment) is not a return. cohortMonths defaults to 12: last year's newcomers.
 */
export const returnWithin6Months = (facts: readonly PatientFacts[], options: BaseOptions & { cohortMonths?: number }): Rate => {
  const cohortMonths = options.cohortMonths ?? 12;
  const base: string[] = [];
  const returned: string[] = [];
  for (const f of facts) {
    const t = timelineOf(f, options);
    if (t.firstDay === undefined) continue;
    const newest = addMonths(t.asOfDay, -6);
    if (t.firstDay > newest || t.firstDay < addMonths(newest, -cohortMonths)) continue;
    base.push(f.patientId);
    const first = t.firstDay;
    if (t.visitDays.some((d) => d > first && d <= addMonths(first, 6))) returned.push(f.patientId);
  }
  return rateOf(returned, base);
};

/**
 * Reactivation (沉睡唤醒): of the patients dormant on `from` (a visit before it, none in the
 * 12 months before it), the share with a visit in [from, to). Needs visits from from − 12m on
 * and asOf on or after `to` (visits after asOf are ignored). A patient with no listed visit
 * before `from` but a first visit before it counts as dormant.
 */
export const reactivation = (facts: readonly PatientFacts[], options: BaseOptions & { from: string; to: string }): Rate => {
  const dormant: string[] = [];
  const back: string[] = [];
  for (const f of facts) {
    const t = timelineOf(f, options);
    if (t.firstDay === undefined || t.firstDay >= options.from) continue;
    const before = t.visitDays.filter((d) => d < options.from);
    const lastBefore = before[before.length - 1] ?? t.firstDay;
    if (lastBefore >= addMonths(options.from, -12)) continue;
    dormant.push(f.patientId);
    if (t.visitDays.some((d) => d >= options.from && d < options.to)) back.push(f.patientId);
  }
  return rateOf(back, dormant);
};
