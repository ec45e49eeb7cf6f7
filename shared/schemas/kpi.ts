/**
 * The KPI API's shapes (issue 5): what the dashboard reads. Rollups are per (clinic, local day)
 * items of integer counters (shared/domain/kpi); the overview sums a date range and clinics and
 * derives rates once. Patient-base metrics come from the nightly snapshot. Lists of patients
 * behind a number are read separately (GET /kpi/patients) and masked per role.
 */
import * as z from 'zod';
import type { RollupBreakdowns, RollupKpis } from '../domain/kpi/rollup.js';
import { daysInRange } from '../domain/time.js';
import { isoDateSchema } from './common.js';
import type { Patient } from './patient.js';

export const kpiRangeQuerySchema = z.strictObject({
  /** first local day, inclusive */
  from: isoDateSchema,
  /** last local day, inclusive */
  to: isoDateSchema,
  clinicId: z.string().max(40).optional(),
});

/** The longest range the overview sums: a bit over a year, so "this year vs last" fits and a read stays bounded. */
export const maxKpiRangeDays = 400;

/** GET /kpi/overview: the range query with its order and length checked (400 naming `to`). */
export const kpiOverviewQuerySchema = kpiRangeQuerySchema.superRefine((q, ctx) => {
  const days = daysInRange(q.from, q.to);
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
  else if (days > maxKpiRangeDays) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be at most ${maxKpiRangeDays} days after from (inclusive)` });
});

/**
 * GET /kpi/patient-base. Without clinicId an owner gets the chain; anyone else their clinics:
 * one clinic's snapshot (the view's `clinicId`), or several added up (the view's `clinicIds`).
 */
export const kpiPatientBaseQuerySchema = z.strictObject({ clinicId: z.string().max(40).optional() });

/**
 * One day of the overview's trend charts (the selected clinics summed). `status`: today is
 * `partial` (its counts still grow), a day after today `future` (its zeros are not a drop).
 */
export type KpiDailyPoint = { day: string; visits: number; revenueFen: number; newPatients: number; kept: number; noShow: number; messagesSent: number; status?: 'partial' | 'future' };

export type KpiOverview = {
  from: string;
  to: string;
  /** the clinics' today (the first clinic's zone): where `daily` turns partial, then future */
  today?: string;
  clinicIds: string[];
  current: RollupKpis;
  /**
   * the days `comparison` names: the same number of days just before `from`, clipped to the
   * range's days that have begun (a partly future range compares like with like); all zeros
   * when the range has not begun
   */
  previous: RollupKpis;
  /** what `previous` covers; `previous` null when no day of the range has begun */
  comparison?: { days: number; elapsedDays: number; previous: { from: string; to: string } | null };
  daily: KpiDailyPoint[];
  byClinic: { clinicId: string; name: string; kpis: RollupKpis }[];
  breakdowns: RollupBreakdowns;
};

/** A count with the key of the stored patient list behind it (GET /kpi/patients?list=…). */
export type KpiCount = { count: number; list: string };
export type KpiRate = { numerator: KpiCount; denominator: KpiCount; rate: number | null };

export type CohortRetentionRow = { cohort: string; size: number; /** share of the cohort with a visit in month k after the first (k = 1..12) */ months: (number | null)[] };

export type PatientBaseView = {
  /** '' (falsy) when `empty` */
  asOf: string;
  /**
   * true when no nightly snapshot exists yet (a new chain before its first 02:30 run): every
   * count is 0, every rate null, every list '' and asOf ''. Answered with 200, never 404.
   */
  empty?: boolean;
  /** the local days [from, to) that reactivation and the heatmap cover */
  period?: { from: string; to: string };
  /**
   * the due dates [from, to) recall compliance covers (a year: a recall settles 30 days after it
   * falls due). Absent in snapshots stored before it existed, whose compliance used `period`.
   */
  recallPeriod?: { from: string; to: string };
  clinicId?: string;
  /**
   * several clinics merged (a manager's or marketer's clinics without a clinicId): which ones;
   * lists are then `base:<day>:mine:<metric>`, those clinics' lists one after the other
   */
  clinicIds?: string[];
  patients: number;
  activity: Record<'active' | 'at-risk' | 'dormant' | 'never-visited', KpiCount>;
  retention: KpiRate;
  returnWithin6Months: KpiRate;
  reactivation: KpiRate;
  /** the lead step counts the intake form's leads (no patient list: '') with `converted` of them */
  funnel: { step: string; count: number; list: string; converted?: number }[];
  rfm: { cells: Record<string, KpiCount>; grid: number[][]; population: number };
  ltvByChannel: { key: string; patients: number; spentFen: number; averageFen: number | null; list: string }[];
  /** per referring patient: `name` read when served (surname only for marketing), absent for a referrer since removed */
  ltvByReferrer: { key: string; name?: string; patients: number; spentFen: number; averageFen: number | null; list: string }[];
  recallCompliance: { group: string; due: number; compliant: number; missed: number; pending: number; rate: number | null; list: string }[];
  cohorts: CohortRetentionRow[];
  /** [weekday Mon..Sun][hour 0..23] visits in the last 90 days */
  heatmap: number[][];
};

/**
 * List keys (the `list` of a KpiCount, GET /kpi/patients?list=…):
 * - `base:<asOfDay>:<scope>:<metric>`: a stored list of a nightly snapshot; scope is `chain`
 *   (owners only) or a clinic id; metric is e.g. `activity.dormant`, `retention.numerator`,
 *   `return6m.denominator`, `reactivation.numerator`, `funnel.returning`, `rfm.champions`,
 *   `ltv.channel.<channel>`, `ltv.referrer.<patient:id|partner:code>`, `recall.<group>.missed`.
 *   Snapshots expire after 40 days; an expired key answers 404. Scope `mine`: every clinic
 *   the caller sees, their stored lists one after the other (a merged view's lists).
 * - `visitors:<from>:<to>`: the patients who visited the clinics in the range (the rollups'
 *   visitor sets; the overview's uniquePatients is patient-days, this list is distinct patients).
 *   The query's clinicId narrows it to one clinic; without it, every clinic the caller sees.
 * - `new:<from>:<to>`: of those, the patients whose first visit in the chain fell in the range
 *   at one of those clinics (the new-patients card; clinicId as for visitors).
 * - `appts:<from>:<to>:<kept|no-show>`: the patients with an appointment on a day of the range
 *   that was kept (completed) or missed (the kept and no-show rates; clinicId as for visitors).
 */
export const kpiListKeyPattern = /^(base:\d{4}-\d{2}-\d{2}:[A-Za-z0-9_-]{1,40}:[\w.:~-]{1,120}|(visitors|new):\d{4}-\d{2}-\d{2}:\d{4}-\d{2}-\d{2}|appts:\d{4}-\d{2}-\d{2}:\d{4}-\d{2}-\d{2}:(kept|no-show))$/;

/**
 * What a list's rows show beside the patient (issue 13: the columns that matter for the number):
 * `day` last visit in the range, `visits` and `amount` in the range (visitors); `firstVisit`,
 * `amount`, `channel` (new patients); `appointment` the latest of that outcome (kept, no-show);
 * `lastVisit`, `visits` and `spent` over the patient's life (snapshot lists); always `clinic`.
 */
export type KpiListColumn = 'day' | 'visits' | 'amount' | 'firstVisit' | 'channel' | 'appointment' | 'lastVisit' | 'spent' | 'clinic';

/** One row's figures for its list's columns (days are the clinic's, instants UTC). */
export type KpiPatientDetail = {
  day?: string;
  visits?: number;
  amountFen?: number;
  firstVisit?: string;
  appointmentAt?: string;
  lastVisit?: string;
  spentFen?: number;
  /** the clinic of the row's visit or appointment (the patient's own for snapshot lists) */
  clinicId?: string;
};

/** A page of the patients behind a number; Page<Patient>-shaped, masked as the role requires. */
export type KpiPatientPage = {
  list: string;
  /** how many patients the whole list holds */
  total: number;
  items: Patient[];
  /** the columns that matter for this list, in order */
  columns: KpiListColumn[];
  /** patientId → that row's figures */
  details: Record<string, KpiPatientDetail>;
  /** ids on this page not shown: merged away, deleted, or of a clinic the caller does not see */
  withheld: number;
  cursor?: string;
};

export const kpiPatientsQuerySchema = z.strictObject({
  list: z.string().min(1).max(200).regex(kpiListKeyPattern, { error: 'must be a list key the KPI API returned (base:…, visitors:…, new:… or appts:…)' }),
  clinicId: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2048).optional(),
});
