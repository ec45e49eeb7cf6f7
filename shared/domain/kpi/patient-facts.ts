/**
 * The per-patient facts the nightly patient-base metrics read (one item per patient, built from
 * the patient and the visit summary). Days are the local calendar days (YYYY-MM-DD) of the
 * patient's clinic; day and month arithmetic on them is shared/domain/time.ts (addMonths clamps
 * to the month's last day, as recall counts).
 */
import type { Fen } from '../money.js';
import type { ProcedureCategory } from '../../schemas/catalog.js';
import { defaultTimeZone, localDay } from '../time.js';

export type PatientVisitFact = {
  /** UTC instant of the visit */
  at: string;
  totalFen: Fen;
  /** the clinic of the visit when not the patient's own (for the heatmap's zone and filter) */
  clinicId?: string;
};

export type PatientFacts = {
  patientId: string;
  /** the patient's clinic: metrics per clinic group by it, and its zone gives the patient's days */
  clinicId: string;
  channel: string;
  /** `patient:<id>` or `partner:<code>` (see referrerKeyOf) */
  referrerId?: string;
  /** from the visit summary: may predate the visits listed */
  firstVisitAt?: string;
  lastVisitAt?: string;
  /**
   * The patient's visits, at least those of the 24 months before asOf (the longest window any
   * metric here reads); older ones may be left out. Carries amounts because RFM's M is spend in
   * 24 months, which the lifetime total cannot give.
   */
  visits: readonly PatientVisitFact[];
  /** lifetime, from the visit summary */
  totalSpentFen: Fen;
  visitsCount: number;
  /** holds a live membership (counted once the membership work lands; false until then) */
  isMember?: boolean;
  /** for the lifecycle stage (shared/domain/lifecycle.ts) */
  lastCategories?: ProcedureCategory[];
  lastCarePathwayUntil?: string;
};

export type BaseOptions = {
  /** the moment the metrics are "as of" (UTC ISO); its local day is each patient's today */
  asOf: string;
  /** clinicId → IANA zone; default Asia/Shanghai */
  timeZones?: Readonly<Record<string, string>>;
};

export const referrerKeyOf = (referrer: { kind: 'patient'; patientId: string } | { kind: 'partner'; code: string }): string =>
  referrer.kind === 'patient' ? `patient:${referrer.patientId}` : `partner:${referrer.code}`;

export const zoneOf = (options: Pick<BaseOptions, 'timeZones'>, clinicId: string): string => options.timeZones?.[clinicId] ?? defaultTimeZone;

export const dayOf = (instant: string, timeZone: string): string => localDay(new Date(instant), timeZone);

/** A patient's timeline in their clinic's days, as of a day: what every metric below reads. */
export type PatientTimeline = {
  facts: PatientFacts;
  asOfDay: string;
  /** local days of the listed visits up to asOfDay, ascending, one entry per visit */
  visitDays: string[];
  /** the listed visits up to asOfDay with their days, ascending by day */
  visits: { day: string; totalFen: Fen }[];
  firstDay?: string;
  lastDay?: string;
};

/**
 * Visits after asOf are ignored, so a metric "as of" a past day is what it was then. First and
 * last days come from the summary when it is within range, else from the list.
 */
export const timelineOf = (facts: PatientFacts, options: BaseOptions): PatientTimeline => {
  const zone = zoneOf(options, facts.clinicId);
  const asOfDay = dayOf(options.asOf, zone);
  const visits = facts.visits
    .map((v) => ({ day: dayOf(v.at, zone), totalFen: v.totalFen }))
    .filter((v) => v.day <= asOfDay)
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const days = visits.map((v) => v.day);
  const summaryFirst = facts.firstVisitAt ? dayOf(facts.firstVisitAt, zone) : undefined;
  const summaryLast = facts.lastVisitAt ? dayOf(facts.lastVisitAt, zone) : undefined;
  const candidatesFirst = [days[0], summaryFirst].filter((d): d is string => d !== undefined && d <= asOfDay);
  const candidatesLast = [days[days.length - 1], summaryLast].filter((d): d is string => d !== undefined && d <= asOfDay);
  const timeline: PatientTimeline = { facts, asOfDay, visitDays: days, visits };
  if (candidatesFirst.length > 0) timeline.firstDay = candidatesFirst.reduce((a, b) => (a < b ? a : b));
  if (candidatesLast.length > 0) timeline.lastDay = candidatesLast.reduce((a, b) => (a > b ? a : b));
  // A summary "last" after asOf hides the real last before it; the listed visits then decide.
  if (summaryLast !== undefined && summaryLast > asOfDay) {
    const listed = days[days.length - 1];
    if (listed !== undefined) timeline.lastDay = listed;
    else if (timeline.firstDay !== undefined) timeline.lastDay = timeline.firstDay;
  }
  return timeline;
};
