/** 绩效考核 (issue 13): a month's figures per dentist and staff member, from rollup and member counters. */
import { describe, expect, it } from 'vitest';
import { deltaForVisit, deltaForVisitCancellation, mergeDayCounters, sumRollups, type KpiVisit } from '../../shared/domain/kpi/rollup.js';
import { performanceRows } from '../../shared/domain/plan/performance.js';

const visit = (id: string, dentistId: string | undefined, totalFen: number): KpiVisit => ({
  visitId: id, patientId: `P${id}`, clinicId: 'C1', visitedAt: '2026-06-10T02:00:00Z', totalFen, lines: [{ category: 'basic', amountFen: totalFen }], payments: [], ...(dentistId ? { dentistId } : {}),
});
const facts = { timeZone: 'Asia/Shanghai', channel: 'walk-in', sameDayOtherVisit: false };

describe('per-dentist rollup counters', () => {
  it('count a visit and its total under its dentist, and a cancellation takes them back', () => {
    const [day] = deltaForVisit(visit('1', 'D1', 30_000), facts);
    expect(day?.counters).toMatchObject({ 'dentist.visits.D1': 1, 'dentist.revenueFen.D1': 30_000 });
    const back = mergeDayCounters([...deltaForVisit(visit('1', 'D1', 30_000), facts), ...deltaForVisitCancellation(visit('1', 'D1', 30_000), facts)]);
    expect(back).toEqual([]);
    expect(Object.keys(deltaForVisit(visit('2', undefined, 5_000), facts)[0]?.counters ?? {}).some((k) => k.startsWith('dentist.'))).toBe(false);
  });
});

describe('performanceRows', () => {
  const counters = sumRollups([
    ...deltaForVisit(visit('1', 'D1', 30_000), facts), ...deltaForVisit(visit('2', 'D1', 10_001), facts),
    ...deltaForVisit(visit('3', 'D2', 80_000), facts), ...deltaForVisit(visit('4', undefined, 5_000), facts),
  ].map((d) => d.counters).concat([{ 'tasks.due': 5, 'tasks.done': 3, 'tasks.due.F1': 4, 'tasks.done.F1': 3, 'tasks.due.role:frontdesk': 1 }]));
  const staff = [
    { userId: 'D1', displayName: '赵医生', role: 'dentist' },
    { userId: 'D2', displayName: '孙医生', role: 'dentist' },
    { userId: 'D3', displayName: '周医生', role: 'dentist' },
    { userId: 'F1', displayName: '前台小王', role: 'frontdesk' },
  ];
  const { rows, totals } = performanceRows(counters, [{ userId: 'F1', cards: 2, feeFen: 596_000, topUps: 1, topUpFen: 500_000 }], staff, new Set(['D1', 'D2', 'D3', 'F1']));

  it('gives each dentist visits, revenue and average ticket, dentists first by revenue, idle ones at 0', () => {
    expect(rows.map((r) => r.displayName ?? r.key)).toEqual(['孙医生', '赵医生', '周医生', '前台小王', 'role:frontdesk']);
    expect(rows[1]).toMatchObject({ userId: 'D1', role: 'dentist', visits: 2, revenueFen: 40_001, averageTicketFen: 20_001 });
    expect(rows[2]).toMatchObject({ visits: 0, revenueFen: 0, averageTicketFen: null });
  });

  it('gives staff their follow-ups and sales, and a role its follow-ups', () => {
    expect(rows[3]).toMatchObject({ followUpsDue: 4, followUpsDone: 3, followUpRate: 0.75, membershipsSold: 2, membershipFeeFen: 596_000, topUpFen: 500_000 });
    expect(rows[4]).toMatchObject({ key: 'role:frontdesk', role: 'frontdesk', followUpsDue: 1, followUpsDone: 0 });
    expect(rows[4]?.userId).toBeUndefined();
  });

  it('says how much no dentist is named for, so the rows add up to the clinic', () => {
    expect(totals).toMatchObject({ visits: 4, revenueFen: 125_001, visitsWithoutDentist: 1, revenueWithoutDentistFen: 5_000, followUpsDue: 5, followUpsDone: 3, membershipsSold: 2 });
  });
});
