/** Issue 5: RFM quintiles per chain and the named cells. */
import { describe, expect, it } from 'vitest';
import { quintileScores, rfmCellOf, rfmCells, rfmScores, rfmSummary, type PatientFacts } from '../../shared/domain/kpi/patient-base.js';

describe('quintileScores', () => {
  it('gives exact quintiles for five distinct values, either direction', () => {
    expect(quintileScores([30, 10, 50, 20, 40], true)).toEqual([3, 1, 5, 2, 4]);
    expect(quintileScores([30, 10, 50, 20, 40], false)).toEqual([3, 5, 1, 4, 2]);
  });

  it('gives ties one score at their midpoint, whatever the order', () => {
    // Four 1s: below 0, equal 4 of 6 → ⌊(0 + 20) / 12⌋ = 1 → 2. The 2: ⌊(40 + 5) / 12⌋ = 3 → 4. The 3: ⌊55 / 12⌋ = 4 → 5.
    expect(quintileScores([1, 1, 1, 1, 2, 3], true)).toEqual([2, 2, 2, 2, 4, 5]);
    expect(quintileScores([3, 1, 2, 1, 1, 1], true)).toEqual([5, 2, 4, 2, 2, 2]);
    expect(quintileScores([7, 7, 7], true)).toEqual([3, 3, 3]);
    expect(quintileScores([7], false)).toEqual([3]);
    expect(quintileScores([], true)).toEqual([]);
  });

  it('pairs up ten distinct values', () => {
    expect(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], true)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });
});

describe('rfmCellOf', () => {
  it('gives every (R, FM) exactly one cell, per the documented table', () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((fm) => rfmCellOf({ r, fm, isNew: false })));
    expect(grid).toEqual([
      ['potential', 'potential', 'potential', 'champions', 'champions'],
      ['potential', 'potential', 'potential', 'champions', 'champions'],
      ['attention', 'attention', 'attention', 'loyal', 'loyal'],
      ['hibernating', 'hibernating', 'hibernating', 'at-risk', 'at-risk'],
      ['lost', 'lost', 'hibernating', 'at-risk', 'at-risk'],
    ]);
    expect(rfmCellOf({ r: 5, fm: 5, isNew: true })).toBe('new');
    expect(new Set(grid.flat()).size + 1).toBe(rfmCells.length);
  });
});

describe('rfmScores', () => {
  // As of 2026-07-15 (Shanghai). The 24-month window starts 2024-07-15.
  const asOf = '2026-07-15T04:00:00Z';
  const v = (day: string, totalFen: number) => ({ at: `${day}T02:00:00Z`, totalFen });
  const p = (patientId: string, visits: { at: string; totalFen: number }[]): PatientFacts => ({
    patientId,
    clinicId: patientId === 'C' ? 'K2' : 'K1',
    channel: 'walk-in',
    visits,
    visitsCount: visits.length,
    totalSpentFen: visits.reduce((s, x) => s + x.totalFen, 0),
    ...(visits[0] && { firstVisitAt: visits[0].at }),
  });
  const facts = [
    // A: last 5 days ago, 5 visits, ¥5,000.
    p('A', ['2025-01-10', '2025-05-10', '2025-09-10', '2026-01-10', '2026-07-10'].map((d) => v(d, 100_000))),
    // B: one visit 30 days ago, ¥100, first ever: new.
    p('B', [v('2026-06-15', 10_000)]),
    // C: last 100 days ago (2026-04-06), 4 visits, ¥1,600.
    p('C', ['2025-08-01', '2025-11-01', '2026-02-01', '2026-04-06'].map((d) => v(d, 40_000))),
    // D: last 300 days ago (2025-09-18), 3 visits, ¥900.
    p('D', ['2025-03-01', '2025-06-01', '2025-09-18'].map((d) => v(d, 30_000))),
    // E: last 600 days ago (2024-11-22), 2 visits in the window (¥400); a 2023 visit is outside it.
    p('E', [v('2023-01-01', 999_999), v('2024-08-01', 20_000), v('2024-11-22', 20_000)]),
    // G: last visit the day before the window: not scored.
    p('G', [v('2024-07-14', 50_000)]),
  ];

  it('scores R, F, M on the 24-month window and names the cells', () => {
    const { scores, unscored } = rfmScores(facts, { asOf });
    expect(unscored).toBe(1);
    expect(scores.map((s) => [s.patientId, s.recencyDays, s.frequency, s.monetaryFen, s.r, s.f, s.m, s.fm, s.cell])).toEqual([
      ['A', 5, 5, 500_000, 5, 5, 5, 5, 'champions'],
      ['B', 30, 1, 10_000, 4, 1, 1, 1, 'new'],
      ['C', 100, 4, 160_000, 3, 4, 4, 4, 'loyal'],
      ['D', 300, 3, 90_000, 2, 3, 3, 3, 'hibernating'],
      ['E', 600, 2, 40_000, 1, 2, 2, 2, 'lost'],
    ]);
  });

  it('counts cells and the R × FM grid, per chain or for one clinic’s slice', () => {
    const { scores } = rfmScores(facts, { asOf });
    const summary = rfmSummary(scores);
    expect(summary.population).toBe(5);
    expect(summary.cells).toEqual({ champions: 1, loyal: 1, potential: 0, new: 1, attention: 0, 'at-risk': 0, hibernating: 1, lost: 1 });
    expect(summary.grid[4]?.[4]).toBe(1); // A: R5, FM5
    expect(summary.grid[3]?.[0]).toBe(1); // B: R4, FM1
    expect(summary.grid.flat().reduce((a, b) => a + b, 0)).toBe(5);
    // Quintiles stay the chain's: clinic K2's slice is C alone, still "loyal".
    expect(rfmSummary(scores.filter((s) => s.clinicId === 'K2')).cells.loyal).toBe(1);
  });
});
