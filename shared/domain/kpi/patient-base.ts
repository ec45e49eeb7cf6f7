/**
 * The nightly patient-base metrics (issue 5, part 2) in one call, for the job that stores a
 * snapshot per chain and per clinic. Each metric is also exported on its own (activity.ts,
 * funnel.ts, rfm.ts, ltv.ts, recall-compliance.ts, heatmap.ts) with its definition documented
 * there. RFM quintiles are per chain: call with the whole chain's facts and slice the scores by
 * clinic (`rfmSummary(scores.filter(...))`), never re-score a single clinic.
 */
import { activityCounts, reactivation, retention, returnWithin6Months, type ActivityStatus, type Cohort, type Rate } from './activity.js';
import { lifecycleFunnel, type Funnel } from './funnel.js';
import { visitHeatmap, visitInstantsOf, type Heatmap } from './heatmap.js';
import { ltvByChannel, ltvByReferrer, type LtvRow } from './ltv.js';
import { dayOf, zoneOf, type BaseOptions, type PatientFacts } from './patient-facts.js';
import { addDays } from '../time.js';
import { recallCompliance, visitDaysByPatient, type RecallComplianceRow, type RecallDueRecord } from './recall-compliance.js';
import { rfmScores, rfmSummary, type RfmScore, type RfmSummary } from './rfm.js';

export * from './patient-facts.js';
export * from './activity.js';
export * from './funnel.js';
export * from './rfm-cells.js';
export * from './rfm.js';
export * from './ltv.js';
export * from './recall-compliance.js';
export * from './heatmap.js';

export type PatientBaseOptions = BaseOptions & {
  /** leads not converted to patients, for the top of the funnel */
  openLeads?: number;
  /** leads converted to patients: with the open ones, the funnel's lead step */
  convertedLeads?: number;
  /** recall dues; compliance is left empty without them */
  recallDues?: readonly RecallDueRecord[];
  /**
   * The period for reactivation and the heatmap, as local days [from, to).
   * Default: the 30 days up to and including asOf's day (in the first clinic's zone, or Shanghai).
   */
  period?: { from: string; to: string };
  /**
   * The due dates recall compliance covers, local days [from, to). Default: the 365 days up to
   * and including asOf's day. Not the 30-day period: a recall is settled only 30 days after it
   * falls due, so over the last 30 days nothing is ever missed and every rate read 100%.
   */
  recallPeriod?: { from: string; to: string };
};

/** Days of due dates recall compliance looks back over (see `recallPeriod`). */
export const recallPeriodDays = 365;

export type PatientBaseMetrics = {
  asOf: string;
  period: { from: string; to: string };
  recallPeriod: { from: string; to: string };
  patients: number;
  activity: Record<ActivityStatus, Cohort>;
  retention: Rate;
  returnWithin6Months: Rate;
  reactivation: Rate;
  funnel: Funnel;
  rfm: { scores: RfmScore[]; summary: RfmSummary; unscored: number };
  ltvByChannel: LtvRow[];
  ltvByReferrer: LtvRow[];
  recallCompliance: { groups: RecallComplianceRow[]; total: RecallComplianceRow };
  heatmap: Heatmap;
};

export const patientBaseMetrics = (facts: readonly PatientFacts[], options: PatientBaseOptions): PatientBaseMetrics => {
  const zone = zoneOf(options, facts[0]?.clinicId ?? '');
  const asOfDay = dayOf(options.asOf, zone);
  const period = options.period ?? { from: addDays(asOfDay, -29), to: addDays(asOfDay, 1) };
  const recallPeriod = options.recallPeriod ?? { from: addDays(asOfDay, -(recallPeriodDays - 1)), to: addDays(asOfDay, 1) };
  const rfm = rfmScores(facts, options);
  return {
    asOf: options.asOf,
    period,
    recallPeriod,
    patients: facts.length,
    activity: activityCounts(facts, options),
    retention: retention(facts, options),
    returnWithin6Months: returnWithin6Months(facts, options),
    reactivation: reactivation(facts, { ...options, ...period }),
    funnel: lifecycleFunnel(facts, { ...options, openLeads: options.openLeads ?? 0, convertedLeads: options.convertedLeads ?? 0 }),
    rfm: { scores: rfm.scores, summary: rfmSummary(rfm.scores), unscored: rfm.unscored },
    ltvByChannel: ltvByChannel(facts),
    ltvByReferrer: ltvByReferrer(facts),
    recallCompliance: recallCompliance(options.recallDues ?? [], visitDaysByPatient(facts, options), { ...recallPeriod, asOfDay }),
    heatmap: visitHeatmap(visitInstantsOf(facts), { ...options, ...period }),
  };
};
