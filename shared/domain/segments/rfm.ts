/**
 * RFM marks for segments, scored chain-wide over the facts being counted (the same quintiles,
 * folding and cells as shared/domain/kpi/rfm.ts). Facts carry visit days of the last 24 months
 * but no per-visit amounts, so M here is lifetime spend: close enough to place a patient in a
 * cell, and the nightly patient base stays the figure of record.
 */
import { foldFm, rfmCellOf, type RfmCell } from '../kpi/rfm-cells.js';
import { quintileScores, rfmNewMonths, rfmWindowMonths } from '../kpi/rfm.js';
import { addMonths, daysBetween } from '../time.js';
import type { SegmentFacts } from './facts.js';

export type RfmMark = { r: number; fm: number; cell: RfmCell };

export const rfmMarks = (facts: readonly SegmentFacts[], todayOf: (clinicId: string) => string): Map<string, RfmMark> => {
  const rows: { id: string; recency: number; frequency: number; spend: number; isNew: boolean }[] = [];
  for (const p of facts) {
    const today = todayOf(p.clinicId);
    const windowStart = addMonths(today, -rfmWindowMonths);
    const inWindow = p.recentVisitDays.filter((d) => d >= windowStart && d <= today);
    const last = inWindow[inWindow.length - 1] ?? (p.lastVisitDay && p.lastVisitDay >= windowStart ? p.lastVisitDay : undefined);
    if (!last) continue;
    rows.push({
      id: p.patientId,
      recency: daysBetween(last, today),
      frequency: Math.max(inWindow.length, 1),
      spend: p.totalSpendFen,
      isNew: p.firstVisitDay !== undefined && p.firstVisitDay >= addMonths(today, -rfmNewMonths),
    });
  }
  const r = quintileScores(rows.map((x) => x.recency), false);
  const f = quintileScores(rows.map((x) => x.frequency), true);
  const m = quintileScores(rows.map((x) => x.spend), true);
  const marks = new Map<string, RfmMark>();
  rows.forEach((row, i) => {
    const fm = foldFm(f[i] ?? 1, m[i] ?? 1);
    marks.set(row.id, { r: r[i] ?? 1, fm, cell: rfmCellOf({ r: r[i] ?? 1, fm, isNew: row.isNew }) });
  });
  return marks;
};
