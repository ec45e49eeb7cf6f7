/**
 * Planning (issue 13): monthly targets per clinic, figures per staff member, staffing by hour.
 * Targets are whole numbers: counts and fen must not be negative, rates are 0–100.
 */
import * as z from 'zod';
import type { MeasureProgress, Targets } from '../domain/plan/targets.js';
import type { PerformanceRow, PerformanceTotals } from '../domain/plan/performance.js';
import type { StaffingAdvice, StaffingCell, WeeklyHours } from '../domain/plan/staffing.js';
import { versionSchema } from './common.js';
import { coded } from './error-codes.js';

export const monthSchema = z
  .string({ error: coded('format.invalid', 'must be a month written YYYY-MM') })
  .regex(/^20\d{2}-(0[1-9]|1[0-2])$/, { error: coded('format.invalid', 'must be a month written YYYY-MM') });

const count = (what: string, max: number) =>
  z
    .number({ error: coded('type.invalid', `must be a number of ${what}`) })
    .int({ error: coded('number.not_integer', `must be a whole number of ${what}`) })
    .min(0, { error: coded('number.too_small', 'must not be negative') })
    .max(max, { error: coded('number.too_big', `must be at most ${max}`) });

const percent = z
  .number({ error: coded('type.invalid', 'must be a percentage from 0 to 100') })
  .int({ error: coded('number.not_integer', 'must be a whole percentage') })
  .min(0, { error: coded('number.too_small', 'must be at least 0') })
  .max(100, { error: coded('number.too_big', 'must be at most 100') });

/** null or left out: no target for that measure this month. */
export const targetsUpdateSchema = z.strictObject({
  visits: count('visits', 1_000_000).nullable().optional(),
  /** fen (invariant 3): ¥10,000,000 at most for one clinic's month */
  revenueFen: z
    .number({ error: coded('money.invalid', 'must be an amount in fen (an integer)') })
    .int({ error: coded('money.fraction', 'must be whole fen (an integer), not a fraction') })
    .min(0, { error: coded('money.negative', 'must not be negative') })
    .max(1_000_000_000, { error: coded('money.too_large', 'must be at most ¥10,000,000') })
    .nullable()
    .optional(),
  newPatients: count('patients', 100_000).nullable().optional(),
  /** 6-month return rate (复诊率), percent */
  returnRate: percent.nullable().optional(),
  /** NPS points; a target is 0–100 (a negative NPS is a result, never a goal) */
  nps: percent.nullable().optional(),
  newMembers: count('members', 100_000).nullable().optional(),
  /** the version read (0: none set yet for this clinic and month); a stale one is a 409 */
  version: versionSchema,
});
export type TargetsUpdate = z.infer<typeof targetsUpdateSchema>;

export const targetsPathSchema = { month: monthSchema };

export const targetsQuerySchema = z.strictObject({
  month: monthSchema,
  clinicId: z.string().min(1).max(40).optional(),
});
export type TargetsQuery = z.infer<typeof targetsQuerySchema>;

export const performanceQuerySchema = targetsQuerySchema;
export type PerformanceQuery = TargetsQuery;

export const staffingQuerySchema = z.strictObject({ clinicId: z.string().min(1).max(40) });

export type ClinicTargets = {
  clinicId: string;
  name: string;
  targets: Targets;
  /** send back to change them (0 while none are set) */
  version: number;
  updatedAt?: string;
  updatedBy?: string;
  progress: MeasureProgress[];
};

export type TargetsView = {
  month: string;
  /** the first clinic's local day the month is measured at */
  today: string;
  daysInMonth: number;
  /** 0 before the month, daysInMonth after it */
  dayOfMonth: number;
  /** the share of the month gone by, 0–1 */
  elapsedShare: number;
  clinics: ClinicTargets[];
  /** the clinics together (each measure over those that set it) */
  total: MeasureProgress[];
  /** the nightly snapshot day the return rate is read from, per clinic; absent when none in the month */
  returnRateAsOf: Record<string, string>;
};

export type PerformanceView = {
  month: string;
  from: string;
  to: string;
  clinicIds: string[];
  rows: PerformanceRow[];
  totals: PerformanceTotals;
};

export type StaffingView = {
  clinicId: string;
  name: string;
  timeZone: string;
  /** local days [from, to) the appointments cover; the visits' window is `visitsFrom`/`visitsTo` */
  from: string;
  to: string;
  visitsFrom?: string;
  visitsTo?: string;
  openingHours: WeeklyHours;
  chairs: number;
  dentists: { userId: string; displayName: string }[];
  /** what was assumed for lack of a record: the screen says so */
  assumptions: { openingHours: 'clinic' | 'assumed'; chairs: 'clinic' | 'appointments' | 'dentists'; schedule: 'assigned-dentists' };
  cells: StaffingCell[][];
  hours: number[];
  averageMinutes: number;
  usualDemand: number;
  available: number;
  capacityPerHour: number;
  visitsCounted: number;
  appointmentsCounted: number;
  advice: StaffingAdvice[];
};
