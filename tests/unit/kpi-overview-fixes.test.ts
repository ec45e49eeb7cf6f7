/** Issue 13 part 3: what a range is compared with, and several clinics' snapshots added up. Pure. */
import { describe, expect, it } from 'vitest';
import { comparisonOf, dayStatus } from '../../shared/domain/kpi/comparison.js';
import { mergeBaseViews } from '../../shared/domain/kpi/merge-base-views.js';
import type { PatientBaseView } from '../../shared/schemas/kpi.js';

describe('comparisonOf', () => {
  it('a range that ended compares with the whole period before it', () => {
    expect(comparisonOf({ from: '2026-11-01', to: '2026-11-30' }, '2026-12-05')).toEqual({ days: 30, elapsedDays: 30, previous: { from: '2026-10-02', to: '2026-10-31' } });
  });
  it('a partly future month compares its begun days with as many days at the start of the period before', () => {
    // 5 December: five days of December have begun (today included)
    expect(comparisonOf({ from: '2026-12-01', to: '2026-12-31' }, '2026-12-05')).toEqual({ days: 31, elapsedDays: 5, previous: { from: '2026-10-31', to: '2026-11-04' } });
  });
  it('a range that has not begun compares with nothing', () => {
    expect(comparisonOf({ from: '2026-12-06', to: '2026-12-12' }, '2026-12-05')).toEqual({ days: 7, elapsedDays: 0, previous: null });
  });
  it('marks today partial and later days future', () => {
    expect(['2026-12-04', '2026-12-05', '2026-12-06'].map((d) => dayStatus(d, '2026-12-05'))).toEqual(['done', 'partial', 'future']);
  });
});

const count = (n: number, scope: string, metric: string) => ({ count: n, list: `base:2026-12-05:${scope}:${metric}` });
const view = (scope: string, k: number): PatientBaseView => ({
  asOf: '2026-12-05T18:30:00.000Z',
  clinicId: scope,
  patients: 10 * k,
  activity: { active: count(4 * k, scope, 'activity.active'), 'at-risk': count(3 * k, scope, 'activity.at-risk'), dormant: count(2 * k, scope, 'activity.dormant'), 'never-visited': count(k, scope, 'activity.never-visited') },
  retention: { numerator: count(k, scope, 'retention.numerator'), denominator: count(2 * k + 1, scope, 'retention.denominator'), rate: k / (2 * k + 1) },
  returnWithin6Months: { numerator: count(0, scope, 'return6m.numerator'), denominator: count(0, scope, 'return6m.denominator'), rate: null },
  reactivation: { numerator: count(1, scope, 'reactivation.numerator'), denominator: count(k, scope, 'reactivation.denominator'), rate: 1 / k },
  funnel: [{ step: 'lead', count: k, list: '', converted: 1 }, { step: 'registered', ...count(10 * k, scope, 'funnel.registered') }],
  rfm: { cells: { champions: count(k, scope, 'rfm.champions') }, grid: [[k, 0], [0, 1]], population: k + 1 },
  ltvByChannel: [{ key: 'wechat', patients: k, spentFen: 1_001 * k, averageFen: 1_001, list: `base:2026-12-05:${scope}:ltv.channel.wechat` }],
  ltvByReferrer: scope === 'A' ? [{ key: 'partner:GYM', patients: 1, spentFen: 1, averageFen: 1, list: 'base:2026-12-05:A:ltv.referrer.partner:GYM' }] : [],
  recallCompliance: [{ group: 'cleaning', due: 4 * k, compliant: k, missed: k, pending: 2 * k, rate: 0.5, list: `base:2026-12-05:${scope}:recall.cleaning.missed` }],
  cohorts: [{ cohort: '2026-11', size: 2 * k, months: [0.5, null] }],
  heatmap: [[k, 1]],
});

describe('mergeBaseViews', () => {
  const merged = mergeBaseViews([view('A', 1), view('B', 3)], ['A', 'B']);
  it('adds counts and works rates and averages out again from their parts', () => {
    expect(merged.clinicIds).toEqual(['A', 'B']);
    expect(merged.patients).toBe(40);
    expect(merged.activity.active).toEqual({ count: 16, list: 'base:2026-12-05:mine:activity.active' });
    // (1 + 3) / (3 + 7), not the mean of 1/3 and 3/7
    expect(merged.retention.rate).toBeCloseTo(4 / 10);
    expect(merged.returnWithin6Months.rate).toBeNull();
    expect(merged.funnel).toEqual([{ step: 'lead', count: 4, list: '', converted: 2 }, { step: 'registered', count: 40, list: 'base:2026-12-05:mine:funnel.registered' }]);
    expect(merged.rfm).toEqual({ cells: { champions: { count: 4, list: 'base:2026-12-05:mine:rfm.champions' } }, grid: [[4, 0], [0, 2]], population: 6 });
    expect(merged.ltvByChannel[0]).toMatchObject({ key: 'wechat', patients: 4, spentFen: 4_004, averageFen: 1_001 });
    expect(merged.ltvByReferrer).toHaveLength(1);
    expect(merged.recallCompliance[0]).toMatchObject({ due: 16, compliant: 4, missed: 4, pending: 8, rate: 0.5, list: 'base:2026-12-05:mine:recall.cleaning.missed' });
    expect(merged.cohorts[0]).toEqual({ cohort: '2026-11', size: 8, months: [0.5, null] });
    expect(merged.heatmap).toEqual([[4, 2]]);
  });
});
