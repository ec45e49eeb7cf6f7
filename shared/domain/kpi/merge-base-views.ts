/**
 * The patient base of several clinics at once (issue 13: a manager of two clinics who picks
 * "all my clinics" sees both, not the first). Snapshots are stored per chain and per clinic;
 * a patient belongs to one clinic, so clinic snapshots add up: counts and sums add, rates and
 * averages are worked out again from their parts, cohort shares are weighted by cohort size.
 * Every list key becomes `base:<day>:mine:<metric>`: the caller's clinics' lists one after the
 * other (GET /kpi/patients reads them so). Pure; the views must share one asOf.
 */
import type { KpiCount, KpiRate, PatientBaseView } from '../../schemas/kpi.js';
import { baseListKey, parseListKey } from './list-keys.js';

/** The list scope that stands for "every clinic the caller sees", one clinic's list after another. */
export const mineScope = 'mine';

type Counted = { count: number; list: string };

const relist = (parts: readonly Counted[]): KpiCount => {
  const key = parts.map((p) => parseListKey(p.list)).find((k) => k?.kind === 'base');
  const count = parts.reduce((s, p) => s + p.count, 0);
  return { count, list: key?.kind === 'base' ? baseListKey(key.asOfDay, mineScope, key.metric) : '' };
};

const rateOf = (parts: readonly KpiRate[]): KpiRate => {
  const numerator = relist(parts.map((p) => p.numerator));
  const denominator = relist(parts.map((p) => p.denominator));
  return { numerator, denominator, rate: denominator.count === 0 ? null : numerator.count / denominator.count };
};

/** Rows with a key, merged by it in first-seen order. */
const byKey = <R>(rows: readonly R[], keyOf: (r: R) => string): R[][] => {
  const groups = new Map<string, R[]>();
  for (const r of rows) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return [...groups.values()];
};

const sumGrid = (grids: readonly number[][][]): number[][] => (grids[0] ?? []).map((row, i) => row.map((_, j) => grids.reduce((s, g) => s + (g[i]?.[j] ?? 0), 0)));

/** Half up to whole fen, as ltv.ts rounds. */
const average = (sum: number, n: number): number | null => (n === 0 ? null : Math.floor((2 * sum + n) / (2 * n)));

const ltvRows = (rows: readonly PatientBaseView['ltvByChannel'][number][]): PatientBaseView['ltvByChannel'] =>
  byKey(rows, (r) => r.key)
    .map((group) => {
      const patients = group.reduce((s, r) => s + r.patients, 0);
      const spentFen = group.reduce((s, r) => s + r.spentFen, 0);
      const first = group[0] as (typeof group)[number];
      return { ...first, patients, spentFen, averageFen: average(spentFen, patients), list: relist(group.map((r) => ({ count: r.patients, list: r.list }))).list };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

const recallRows = (rows: readonly PatientBaseView['recallCompliance'][number][]): PatientBaseView['recallCompliance'] =>
  byKey(rows, (r) => r.group)
    .map((group) => {
      const sum = (k: 'due' | 'compliant' | 'missed' | 'pending') => group.reduce((s, r) => s + r[k], 0);
      const [compliant, missed] = [sum('compliant'), sum('missed')];
      return { group: group[0]?.group ?? '', due: sum('due'), compliant, missed, pending: sum('pending'), rate: compliant + missed === 0 ? null : compliant / (compliant + missed), list: relist(group.map((r) => ({ count: r.missed, list: r.list }))).list };
    })
    .sort((a, b) => (a.group < b.group ? -1 : 1));

const cohortRows = (rows: readonly PatientBaseView['cohorts'][number][]): PatientBaseView['cohorts'] =>
  byKey(rows, (r) => r.cohort).map((group) => {
    const size = group.reduce((s, r) => s + r.size, 0);
    const horizon = Math.max(...group.map((r) => r.months.length));
    // A share times its cohort's size is a whole number of patients; rounding undoes float noise.
    const months = Array.from({ length: horizon }, (_, k) => {
      if (size === 0 || group.every((r) => r.months[k] === null || r.months[k] === undefined)) return null;
      return group.reduce((s, r) => s + Math.round((r.months[k] ?? 0) * r.size), 0) / size;
    });
    return { cohort: group[0]?.cohort ?? '', size, months };
  });

export const mergeBaseViews = (views: readonly PatientBaseView[], clinicIds: readonly string[]): PatientBaseView => {
  const [first] = views;
  if (!first) throw new Error('mergeBaseViews needs at least one view');
  const activity = Object.fromEntries(Object.keys(first.activity).map((k) => [k, relist(views.map((v) => v.activity[k as keyof PatientBaseView['activity']]))])) as PatientBaseView['activity'];
  return {
    asOf: first.asOf,
    ...(first.period ? { period: first.period } : {}),
    ...(first.recallPeriod ? { recallPeriod: first.recallPeriod } : {}),
    clinicIds: [...clinicIds],
    patients: views.reduce((s, v) => s + v.patients, 0),
    activity,
    retention: rateOf(views.map((v) => v.retention)),
    returnWithin6Months: rateOf(views.map((v) => v.returnWithin6Months)),
    reactivation: rateOf(views.map((v) => v.reactivation)),
    funnel: byKey(views.flatMap((v) => v.funnel), (s) => s.step).map((steps) => {
      const converted = steps.some((s) => s.converted !== undefined) ? { converted: steps.reduce((n, s) => n + (s.converted ?? 0), 0) } : {};
      return { step: steps[0]?.step ?? '', ...relist(steps), ...converted };
    }),
    rfm: {
      cells: Object.fromEntries(Object.keys(first.rfm.cells).map((cell) => [cell, relist(views.map((v) => v.rfm.cells[cell] ?? { count: 0, list: '' }))])),
      grid: sumGrid(views.map((v) => v.rfm.grid)),
      population: views.reduce((s, v) => s + v.rfm.population, 0),
    },
    ltvByChannel: ltvRows(views.flatMap((v) => v.ltvByChannel)),
    ltvByReferrer: ltvRows(views.flatMap((v) => v.ltvByReferrer)),
    recallCompliance: recallRows(views.flatMap((v) => v.recallCompliance)),
    cohorts: cohortRows(views.flatMap((v) => v.cohorts)),
    heatmap: sumGrid(views.map((v) => v.heatmap)),
  };
};
