/**
 * Monthly targets per clinic (seed 004: 制定年度/季度目标 — 门诊量、营收、新客数、复诊率、患者满意度)
 * and how a month stands against them. Pure: the service supplies the month's actual figures,
 * taken from the same rollups, snapshots and member counters the overview and Members page show,
 * so a target never disagrees with the number beside it on another screen.
 *
 * Counts (visits, revenue, new patients, new members) accumulate through the month: on day 10 of
 * 30 a third of the target is what "on track" asks. Rates (return rate, NPS) do not accumulate:
 * they are on track when they reach the target, whatever the day.
 */
import { summarize } from '../nps.js';

export const targetMeasures = ['visits', 'revenueFen', 'newPatients', 'returnRate', 'nps', 'newMembers'] as const;
export type TargetMeasure = (typeof targetMeasures)[number];

/** Rates are whole percentages (return rate) or NPS points, 0–100 as targets. */
export const rateMeasures: readonly TargetMeasure[] = ['returnRate', 'nps'];
export const isRate = (measure: TargetMeasure): boolean => rateMeasures.includes(measure);

/** A clinic's targets for a month; a measure left out has no target. */
export type Targets = Partial<Record<TargetMeasure, number>>;

/** What a clinic did in the month, with the parts rates are made of so clinics add up correctly. */
export type ClinicActuals = {
  visits: number;
  revenueFen: number;
  newPatients: number;
  newMembers: number;
  /** survey answers in the month (the rollups' NPS buckets) */
  surveys: { answers: number; promoters: number; passives: number; detractors: number };
  /** 6-month return (复诊率) of the month's newest nightly snapshot; null when none is kept */
  returns: { returned: number; eligible: number } | null;
};

export type MonthClock = {
  /** 0 before the month begins, 1 once it is over; the share of the month gone by in between */
  elapsedShare: number;
};

export type ProgressStatus = 'unset' | 'no-data' | 'not-started' | 'met' | 'on-track' | 'behind' | 'missed';

export type MeasureProgress = {
  measure: TargetMeasure;
  target: number | null;
  /** counts as counted; return rate in percent (one decimal); NPS in points */
  actual: number | null;
  /** what the target asks by now (counts only; a rate's is the target) */
  expected: number | null;
  /** actual / target (1 = reached); null without a target or an actual */
  share: number | null;
  status: ProgressStatus;
};

const roundTo = (value: number, decimals: number): number => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** The measure's actual value: NPS as summarize() computes it everywhere, return rate in percent. */
export const actualOf = (measure: TargetMeasure, a: ClinicActuals): number | null => {
  switch (measure) {
    case 'nps':
      return summarize({ answerCount: a.surveys.answers, scoreSum: 0, promoters: a.surveys.promoters, passives: a.surveys.passives, detractors: a.surveys.detractors }).nps;
    case 'returnRate':
      return a.returns === null || a.returns.eligible === 0 ? null : roundTo((100 * a.returns.returned) / a.returns.eligible, 1);
    default:
      return a[measure];
  }
};

/** Clinics added up: counts summed, rates from their summed parts (never an average of rates). */
export const combineActuals = (list: readonly ClinicActuals[]): ClinicActuals => {
  const withReturns = list.filter((a) => a.returns !== null);
  return {
    visits: list.reduce((s, a) => s + a.visits, 0),
    revenueFen: list.reduce((s, a) => s + a.revenueFen, 0),
    newPatients: list.reduce((s, a) => s + a.newPatients, 0),
    newMembers: list.reduce((s, a) => s + a.newMembers, 0),
    surveys: {
      answers: list.reduce((s, a) => s + a.surveys.answers, 0),
      promoters: list.reduce((s, a) => s + a.surveys.promoters, 0),
      passives: list.reduce((s, a) => s + a.surveys.passives, 0),
      detractors: list.reduce((s, a) => s + a.surveys.detractors, 0),
    },
    returns: withReturns.length === 0 ? null : {
      returned: withReturns.reduce((s, a) => s + (a.returns?.returned ?? 0), 0),
      eligible: withReturns.reduce((s, a) => s + (a.returns?.eligible ?? 0), 0),
    },
  };
};

const statusOf = (measure: TargetMeasure, actual: number, target: number, expected: number, clock: MonthClock): ProgressStatus => {
  if (clock.elapsedShare <= 0) return 'not-started';
  const over = clock.elapsedShare >= 1;
  // A rate can still fall before the month ends: reaching it early is on track, not met.
  if (isRate(measure) && !over) return actual >= target ? 'on-track' : 'behind';
  if (actual >= target) return 'met';
  if (over) return 'missed';
  return actual >= expected ? 'on-track' : 'behind';
};

/** One measure against its target, given how much of the month has gone by. */
export const progressOf = (measure: TargetMeasure, target: number | undefined, actual: number | null, clock: MonthClock): MeasureProgress => {
  if (target === undefined) return { measure, target: null, actual, expected: null, share: null, status: 'unset' };
  const share = Math.min(1, Math.max(0, clock.elapsedShare));
  const expected = isRate(measure) ? target : roundTo(target * share, 1);
  if (actual === null) return { measure, target, actual, expected, share: null, status: 'no-data' };
  return { measure, target, actual, expected, share: target === 0 ? null : roundTo(actual / target, 4), status: statusOf(measure, actual, target, expected, clock) };
};

/** Every measure of one clinic. */
export const clinicProgress = (targets: Targets, actuals: ClinicActuals, clock: MonthClock): MeasureProgress[] =>
  targetMeasures.map((m) => progressOf(m, targets[m], actualOf(m, actuals), clock));

/**
 * Several clinics together, per measure over the clinics that set a target for it: counts'
 * targets and actuals summed; a rate's target is the clinics' targets weighted by each clinic's
 * base (answers for NPS, newcomers for return), or their plain mean while no clinic has a base.
 */
export const scopeProgress = (rows: readonly { targets: Targets; actuals: ClinicActuals }[], clock: MonthClock): MeasureProgress[] =>
  targetMeasures.map((measure) => {
    const set = rows.filter((r) => r.targets[measure] !== undefined);
    if (set.length === 0) return progressOf(measure, undefined, actualOf(measure, combineActuals(rows.map((r) => r.actuals))), clock);
    const actual = actualOf(measure, combineActuals(set.map((r) => r.actuals)));
    if (!isRate(measure)) return progressOf(measure, set.reduce((s, r) => s + (r.targets[measure] ?? 0), 0), actual, clock);
    const weight = (r: (typeof set)[number]) => (measure === 'nps' ? r.actuals.surveys.answers : (r.actuals.returns?.eligible ?? 0));
    const total = set.reduce((s, r) => s + weight(r), 0);
    const target = total === 0
      ? set.reduce((s, r) => s + (r.targets[measure] ?? 0), 0) / set.length
      : set.reduce((s, r) => s + (r.targets[measure] ?? 0) * weight(r), 0) / total;
    return progressOf(measure, roundTo(target, 1), actual, clock);
  });

/** The calendar month's first and last day ('2026-02' → 2026-02-01, 2026-02-28). */
export const monthBounds = (month: string): { first: string; last: string; days: number } => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, '0')}`, days };
};

/**
 * How much of the month has gone by at `now` in the clinic's zone: whole days before today plus
 * today's share of its hours, so the morning of the 1st asks for almost nothing yet.
 */
export const monthClock = (month: string, today: string, minutesIntoToday: number): MonthClock & { daysInMonth: number; dayOfMonth: number } => {
  const { first, last, days } = monthBounds(month);
  if (today < first) return { elapsedShare: 0, daysInMonth: days, dayOfMonth: 0 };
  if (today > last) return { elapsedShare: 1, daysInMonth: days, dayOfMonth: days };
  const dayOfMonth = Number(today.slice(8, 10));
  const elapsed = dayOfMonth - 1 + Math.min(1, Math.max(0, minutesIntoToday / 1440));
  return { elapsedShare: roundTo(elapsed / days, 4), daysInMonth: days, dayOfMonth };
};
