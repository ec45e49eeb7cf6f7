/**
 * Turns the patient-base metrics of one scope (the chain, or one clinic) into what the nightly
 * job stores: a small view of counts (PatientBaseView) and the patient id lists behind each
 * count, each under the list key the view names. Pure: the job does the reading and writing.
 * RFM is scored once per chain (quintiles are the chain's) and sliced by clinic here.
 */
import { patientBaseMetrics, type PatientBaseOptions, type PatientFacts, type RfmScore } from '../../shared/domain/kpi/patient-base.js';
import type { Cohort, Rate } from '../../shared/domain/kpi/activity.js';
import { cohortRetention } from '../../shared/domain/kpi/cohorts.js';
import { dayOf, zoneOf } from '../../shared/domain/kpi/patient-facts.js';
import { addDays } from '../../shared/domain/time.js';
import { visitHeatmap, visitInstantsOf } from '../../shared/domain/kpi/heatmap.js';
import { rfmSummary } from '../../shared/domain/kpi/rfm.js';
import { baseListKey, listSegment, storedListName } from '../../shared/domain/kpi/list-keys.js';
import type { KpiCount, KpiRate, PatientBaseView } from '../../shared/schemas/kpi.js';
import type { StoredList } from '../adapters/dynamo/kpi-snapshot-repository.js';

export type ScopeSnapshot = { scope: string; view: PatientBaseView; lists: StoredList[] };

/** Days of visits the staffing heatmap covers (the view's contract says 90). */
export const heatmapDays = 90;

export const buildScopeSnapshot = (
  scope: string,
  asOfDay: string,
  facts: readonly PatientFacts[],
  chainRfm: readonly RfmScore[],
  options: PatientBaseOptions,
): ScopeSnapshot => {
  const lists: StoredList[] = [];
  const count = (metric: string, ids: readonly string[], n = ids.length): KpiCount => {
    lists.push({ name: storedListName(scope, metric), patientIds: ids });
    return { count: n, list: baseListKey(asOfDay, scope, metric) };
  };
  const cohort = (metric: string, c: Cohort): KpiCount => count(metric, c.patientIds, c.count);
  const rate = (metric: string, r: Rate): KpiRate => ({ numerator: cohort(`${metric}.numerator`, r.numerator), denominator: cohort(`${metric}.denominator`, r.denominator), rate: r.rate });

  const metrics = patientBaseMetrics(facts, options);
  const clinicId = scope === 'chain' ? undefined : scope;
  const rfm = rfmSummary(clinicId ? chainRfm.filter((s) => s.clinicId === clinicId) : chainRfm);
  const rfmIds = new Map<string, string[]>();
  for (const s of clinicId ? chainRfm.filter((x) => x.clinicId === clinicId) : chainRfm) rfmIds.set(s.cell, [...(rfmIds.get(s.cell) ?? []), s.patientId]);
  const lastDay = dayOf(options.asOf, zoneOf(options, facts[0]?.clinicId ?? ''));

  const view: PatientBaseView = {
    asOf: options.asOf,
    period: metrics.period,
    recallPeriod: metrics.recallPeriod,
    ...(clinicId ? { clinicId } : {}),
    patients: metrics.patients,
    activity: {
      active: cohort('activity.active', metrics.activity.active),
      'at-risk': cohort('activity.at-risk', metrics.activity['at-risk']),
      dormant: cohort('activity.dormant', metrics.activity.dormant),
      'never-visited': cohort('activity.never-visited', metrics.activity['never-visited']),
    },
    retention: rate('retention', metrics.retention),
    returnWithin6Months: rate('return6m', metrics.returnWithin6Months),
    reactivation: rate('reactivation', metrics.reactivation),
    funnel: metrics.funnel.steps.map((s) => {
      // Leads are not patients: the lead step has no list behind it, and says how many converted.
      if (s.step === 'lead') return { step: s.step, count: s.count, list: '', converted: s.converted ?? 0 };
      const c = count(`funnel.${s.step}`, s.patientIds, s.count);
      return { step: s.step, count: c.count, list: c.list };
    }),
    rfm: {
      cells: Object.fromEntries(Object.entries(rfm.cells).map(([cell, n]) => [cell, count(`rfm.${cell}`, [...(rfmIds.get(cell) ?? [])].sort(), n)])),
      grid: rfm.grid,
      population: rfm.population,
    },
    ltvByChannel: metrics.ltvByChannel.map((r) => ({ key: r.key, patients: r.patients, spentFen: r.spentFen, averageFen: r.averageFen, list: count(`ltv.channel.${listSegment(r.key)}`, r.patientIds).list })),
    ltvByReferrer: metrics.ltvByReferrer.map((r) => ({ key: r.key, patients: r.patients, spentFen: r.spentFen, averageFen: r.averageFen, list: count(`ltv.referrer.${listSegment(r.key)}`, r.patientIds).list })),
    recallCompliance: metrics.recallCompliance.groups.map((g) => ({
      group: g.group, due: g.due, compliant: g.compliant, missed: g.missed, pending: g.pending, rate: g.rate,
      list: count(`recall.${listSegment(g.group)}.missed`, g.missedPatientIds).list,
    })),
    cohorts: cohortRetention(facts, options).map((row) => ({ cohort: row.cohort, size: row.size, months: row.months })),
    heatmap: visitHeatmap(visitInstantsOf(facts), { ...options, from: addDays(lastDay, -(heatmapDays - 1)), to: addDays(lastDay, 1) }),
  };
  return { scope, view, lists };
};
