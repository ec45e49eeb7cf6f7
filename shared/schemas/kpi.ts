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
 * GET /kpi/patient-base. Without clinicId an owner gets the chain; anyone else gets the first
 * clinic of their scope (the view's `clinicId` says which), since a snapshot is per chain or clinic.
 */
export const kpiPatientBaseQuerySchema = z.strictObject({ clinicId: z.string().max(40).optional() });

/** One day of the overview's trend charts (the selected clinics summed). */
export type KpiDailyPoint = { day: string; visits: number; revenueFen: number; newPatients: number; kept: number; noShow: number; messagesSent: number };

export type KpiOverview = {
  from: string;
  to: string;
  clinicIds: string[];
  current: RollupKpis;
  /** the same number of days just before `from` */
  previous: RollupKpis;
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
  /** the local days [from, to) that recall compliance, reactivation and the heatmap cover */
  period?: { from: string; to: string };
  clinicId?: string;
  patients: number;
  activity: Record<'active' | 'at-risk' | 'dormant' | 'never-visited', KpiCount>;
  retention: KpiRate;
  returnWithin6Months: KpiRate;
  reactivation: KpiRate;
  funnel: { step: string; count: number; list: string }[];
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
 *   Snapshots expire after 40 days; an expired key answers 404.
 * - `visitors:<from>:<to>`: the patients who visited the clinics in the range (the rollups'
 *   visitor sets; the overview's uniquePatients is patient-days, this list is distinct patients).
 *   The query's clinicId narrows it to one clinic; without it, every clinic the caller sees.
 */
export const kpiListKeyPattern = /^(base:\d{4}-\d{2}-\d{2}:[A-Za-z0-9_-]{1,40}:[\w.:~-]{1,120}|visitors:\d{4}-\d{2}-\d{2}:\d{4}-\d{2}-\d{2})$/;

/** A page of the patients behind a number; Page<Patient>-shaped, masked as the role requires. */
export type KpiPatientPage = {
  list: string;
  /** how many patients the whole list holds */
  total: number;
  items: Patient[];
  /** ids on this page not shown: merged away, deleted, or of a clinic the caller does not see */
  withheld: number;
  cursor?: string;
};

export const kpiPatientsQuerySchema = z.strictObject({
  list: z.string().min(1).max(200).regex(kpiListKeyPattern, { error: 'must be a list key the KPI API returned (base:… or visitors:…)' }),
  clinicId: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2048).optional(),
});
