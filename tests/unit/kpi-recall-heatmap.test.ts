/** Issue 5: recall compliance by procedure group, and the weekday × hour heatmap. */
import { describe, expect, it } from 'vitest';
import { recallCompliance, visitHeatmap, type RecallDueRecord } from '../../shared/domain/kpi/patient-base.js';

describe('recallCompliance', () => {
  // Period: dues in May and June 2026; today 2026-07-15.
  const options = { from: '2026-05-01', to: '2026-07-01', asOfDay: '2026-07-15' };
  const dues: RecallDueRecord[] = [
    { group: 'cleaning', dueDate: '2026-05-10', patientId: 'P1' }, // visit 06-09: 30 days after, compliant
    { group: 'cleaning', dueDate: '2026-05-10', patientId: 'P1' }, // the same recall listed twice
    { group: 'cleaning', dueDate: '2026-05-20', patientId: 'P2' }, // only visit 05-15, before due: missed
    { group: 'cleaning', dueDate: '2026-06-25', patientId: 'P3' }, // window open until 07-25: pending
    { group: 'perio', dueDate: '2026-06-01', patientId: 'P1' }, // visit 06-09: compliant
    { group: 'perio', dueDate: '2026-04-30', patientId: 'P4' }, // before the period
    { group: 'implant-maintenance', dueDate: '2026-06-10', patientId: 'P4' }, // visit 07-11: 31 days, missed
  ];
  const visits = new Map([
    ['P1', ['2026-06-09']],
    ['P2', ['2026-05-15']],
    ['P4', ['2026-07-11']],
  ]);

  it('counts compliant, missed and pending per group; pending stays out of the rate', () => {
    const result = recallCompliance(dues, visits, options);
    expect(result.groups.map((g) => [g.group, g.due, g.compliant, g.missed, g.pending, g.rate, g.missedPatientIds])).toEqual([
      ['cleaning', 3, 1, 1, 1, 0.5, ['P2']],
      ['implant-maintenance', 1, 0, 1, 0, 0, ['P4']],
      ['perio', 1, 1, 0, 0, 1, []],
    ]);
    expect(result.total).toMatchObject({ due: 5, compliant: 2, missed: 2, pending: 1, rate: 0.5 });
  });

  it('can count visits shortly before the due date', () => {
    const cleaning = recallCompliance(dues, visits, { ...options, earlyDays: 14 }).groups[0];
    // P2's visit 5 days before due now counts.
    expect(cleaning).toMatchObject({ compliant: 2, missed: 0, rate: 1 });
  });
});

describe('visitHeatmap', () => {
  it('counts each visit at its clinic’s local weekday (Monday first) and hour', () => {
    const grid = visitHeatmap(
      [
        { at: '2026-07-13T01:30:00Z', clinicId: 'SH' }, // Monday 09:30 Shanghai
        { at: '2026-07-12T16:10:00Z', clinicId: 'SH' }, // Sunday in UTC, Monday 00:10 in Shanghai
        { at: '2026-07-13T01:30:00Z', clinicId: 'VAN' }, // Sunday 18:30 in Vancouver (UTC−7 in summer)
        { at: '2026-07-19T06:00:00Z', clinicId: 'SH' }, // Sunday 14:00
        { at: '2026-07-20T02:00:00Z', clinicId: 'SH' }, // Monday 20 July: outside [07-13, 07-20)
      ],
      { timeZones: { SH: 'Asia/Shanghai', VAN: 'America/Vancouver' }, from: '2026-07-12', to: '2026-07-20' },
    );
    expect(grid).toHaveLength(7);
    expect(grid.every((row) => row.length === 24)).toBe(true);
    expect(grid[0]?.[9]).toBe(1);
    expect(grid[0]?.[0]).toBe(1);
    expect(grid[6]?.[18]).toBe(1);
    expect(grid[6]?.[14]).toBe(1);
    expect(grid.flat().reduce((a, b) => a + b, 0)).toBe(4);
  });
});
