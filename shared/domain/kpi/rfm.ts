/**
 * RFM scores with quintiles per chain. Population: patients with a visit in the 24 months up to
 * asOf (others cannot be scored and are counted as unscored). R from days since the last visit
 * (fewer is better), F from visits in the 24 months, M from spend in them (integer fen).
 *
 * Scoring: the percentile rank with ties at their midpoint, PR = (below + equal / 2) / n, and
 * score = 1 + ⌊5 · PR⌋ (1–5). Equal values always get equal scores, whatever the input order;
 * with n distinct values it gives exact quintiles (n = 5: 1, 2, 3, 4, 5); if everyone is tied
 * they all get 3. Integer arithmetic only: ⌊(10·below + 5·equal) / (2n)⌋.
 */
import { foldFm, rfmCellOf, rfmCells, type RfmCell } from './rfm-cells.js';
import { timelineOf, type BaseOptions, type PatientFacts } from './patient-facts.js';
import { addMonths, daysBetween } from '../time.js';
import type { Fen } from '../money.js';

export type RfmScore = {
  patientId: string;
  clinicId: string;
  recencyDays: number;
  frequency: number;
  monetaryFen: Fen;
  r: number;
  f: number;
  m: number;
  /** (f + m) / 2 rounded half up: the grid's second axis */
  fm: number;
  cell: RfmCell;
};

/** Scores 1–5 for `values` (higher or lower is better); the same value always gets the same score. */
export const quintileScores = (values: readonly number[], higherIsBetter: boolean): number[] => {
  const n = values.length;
  const sorted = [...values].sort((a, b) => (higherIsBetter ? a - b : b - a)); // worst first
  const scoreOf = new Map<number, number>();
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && sorted[j] === sorted[i]) j++;
    const below = i;
    const equal = j - i;
    scoreOf.set(sorted[i] as number, 1 + Math.floor((10 * below + 5 * equal) / (2 * n)));
    i = j;
  }
  return values.map((v) => scoreOf.get(v) ?? 1);
};

export const rfmWindowMonths = 24;
export const rfmNewMonths = 6;

export type RfmResult = { scores: RfmScore[]; unscored: number };

export const rfmScores = (facts: readonly PatientFacts[], options: BaseOptions): RfmResult => {
  const rows: Omit<RfmScore, 'r' | 'f' | 'm' | 'fm' | 'cell'>[] = [];
  const isNew: boolean[] = [];
  let unscored = 0;
  for (const p of facts) {
    const t = timelineOf(p, options);
    const windowStart = addMonths(t.asOfDay, -rfmWindowMonths);
    const inWindow = t.visits.filter((v) => v.day >= windowStart);
    const last = inWindow[inWindow.length - 1];
    if (!last) {
      unscored++;
      continue;
    }
    rows.push({
      patientId: p.patientId,
      clinicId: p.clinicId,
      recencyDays: daysBetween(last.day, t.asOfDay),
      frequency: inWindow.length,
      monetaryFen: inWindow.reduce((sum, v) => sum + v.totalFen, 0),
    });
    isNew.push(t.firstDay !== undefined && t.firstDay >= addMonths(t.asOfDay, -rfmNewMonths));
  }
  const r = quintileScores(rows.map((x) => x.recencyDays), false);
  const f = quintileScores(rows.map((x) => x.frequency), true);
  const m = quintileScores(rows.map((x) => x.monetaryFen), true);
  const scores = rows.map((row, i) => {
    const fm = foldFm(f[i] ?? 1, m[i] ?? 1);
    return { ...row, r: r[i] ?? 1, f: f[i] ?? 1, m: m[i] ?? 1, fm, cell: rfmCellOf({ r: r[i] ?? 1, fm, isNew: isNew[i] ?? false }) };
  });
  scores.sort((a, b) => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0));
  return { scores, unscored };
};

export type RfmSummary = {
  population: number;
  cells: Record<RfmCell, number>;
  /** grid[r − 1][fm − 1]: patients with recency score r and folded FM score fm */
  grid: number[][];
};

/** Counts for the RFM grid; pass a filtered list (one clinic's patients) for a clinic view. */
export const rfmSummary = (scores: readonly RfmScore[]): RfmSummary => {
  const cells = Object.fromEntries(rfmCells.map((c) => [c, 0])) as Record<RfmCell, number>;
  const grid = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  for (const s of scores) {
    cells[s.cell] += 1;
    const row = grid[s.r - 1];
    if (row) row[s.fm - 1] = (row[s.fm - 1] ?? 0) + 1;
  }
  return { population: scores.length, cells, grid };
};
