/**
 * Issue 5: patient-base metrics on one hand-checked chain. As of 2026-07-15 12:00 Shanghai, so
 * "6 months ago" is 2026-01-15, "12 months ago" 2025-07-15, "24 months ago" 2024-07-15.
 */
import { describe, expect, it } from 'vitest';
import {
  activityCounts,
  activityStatusOf,
  lifecycleFunnel,
  loyalMinSpendFen,
  loyalMinVisits,
  ltvByChannel,
  ltvByReferrer,
  patientBaseMetrics,
  reactivation,
  retention,
  returnWithin6Months,
  timelineOf,
  type PatientFacts,
} from '../../shared/domain/kpi/patient-base.js';
import { lifecycleStage } from '../../shared/domain/lifecycle.js';

const asOf = '2026-07-15T04:00:00Z';
const options = { asOf, timeZones: { C1: 'Asia/Shanghai' } };
// 02:00Z is 10:00 in Shanghai: the same calendar day.
const v = (day: string, totalFen: number) => ({ at: `${day}T02:00:00Z`, totalFen });
const patient = (patientId: string, channel: string, visits: { at: string; totalFen: number }[], extra: Partial<PatientFacts> = {}): PatientFacts => ({
  patientId,
  clinicId: 'C1',
  channel,
  visits,
  visitsCount: visits.length,
  totalSpentFen: visits.reduce((s, x) => s + x.totalFen, 0),
  ...(visits[0] && { firstVisitAt: visits[0].at }),
  ...(visits.length > 0 && { lastVisitAt: visits[visits.length - 1]?.at }),
  ...extra,
});

const chain: PatientFacts[] = [
  patient('P1', 'dianping', [v('2025-03-10', 15_000), v('2026-01-20', 80_000), v('2026-07-01', 15_000)], { isMember: true }),
  patient('P2', 'wechat', [v('2026-01-15', 15_000)]), // exactly 6 months: still active
  // Lifetime summary reaches back to 2022 beyond the two listed visits: 6 visits, ¥13,000.
  patient('P3', 'referral', [v('2025-02-01', 1_200_000), v('2026-01-14', 15_000)], { referrerId: 'patient:P1', visitsCount: 6, totalSpentFen: 1_300_000, firstVisitAt: '2022-01-01T02:00:00Z' }),
  patient('P4', 'dianping', [v('2025-07-14', 40_000)]), // one day past 12 months: dormant
  patient('P5', 'walk-in', []),
  patient('P6', 'wechat', [v('2024-06-01', 50_000), v('2025-07-15', 30_000)], { referrerId: 'partner:gym1' }), // exactly 12 months: at risk
  patient('P7', 'douyin', [v('2025-10-01', 20_000), v('2026-04-01', 20_000)]), // returned exactly 6 months after the first
  patient('P8', 'dianping', [v('2024-03-01', 10_000), v('2026-07-10', 10_000)]), // dormant, came back in July
  patient('P9', 'walk-in', [v('2023-05-05', 5_000)]),
];

describe('activity', () => {
  it('sorts patients into active / at risk / dormant / never visited on calendar months', () => {
    const counts = activityCounts(chain, options);
    expect(counts.active).toEqual({ count: 4, patientIds: ['P1', 'P2', 'P7', 'P8'] });
    expect(counts['at-risk']).toEqual({ count: 2, patientIds: ['P3', 'P6'] });
    expect(counts.dormant).toEqual({ count: 2, patientIds: ['P4', 'P9'] });
    expect(counts['never-visited']).toEqual({ count: 1, patientIds: ['P5'] });
  });

  it('ignores visits after asOf, so a past day’s numbers stay what they were', () => {
    // As of 2026-07-05, P8's visit on 10 July has not happened: P8 was dormant.
    expect(activityStatusOf(timelineOf(chain[7]!, { ...options, asOf: '2026-07-05T04:00:00Z' }))).toBe('dormant');
  });
});

describe('retention', () => {
  it('takes the patients of [2024-07-15, 2025-07-15) and counts who came in [2025-07-15, 2026-07-15]', () => {
    // Base: P1 (2025-03-10), P3 (2025-02-01), P4 (2025-07-14). P6's 2024-06-01 is before, its 2025-07-15 after.
    // Retained: P1 (2026-01-20), P3 (2026-01-14); P4 not.
    const r = retention(chain, options);
    expect(r.denominator.patientIds).toEqual(['P1', 'P3', 'P4']);
    expect(r.numerator.patientIds).toEqual(['P1', 'P3']);
    expect(r.rate).toBeCloseTo(2 / 3);
  });
});

describe('return within 6 months', () => {
  it('follows first visits of [2025-01-15, 2026-01-15] for 6 months; a later day counts, the same day not', () => {
    // Cohort: P1 (2025-03-10), P2 (2026-01-15), P4 (2025-07-14), P7 (2025-10-01). P3 first came in 2022.
    // Only P7 came back within 6 months (2026-04-01, the last day of its window).
    const r = returnWithin6Months(chain, options);
    expect(r.denominator.patientIds).toEqual(['P1', 'P2', 'P4', 'P7']);
    expect(r.numerator.patientIds).toEqual(['P7']);
    expect(r.rate).toBe(0.25);
  });

  it('does not count a second visit on the first day', () => {
    const twice = patient('Q', 'wechat', [v('2025-09-01', 10_000), { at: '2025-09-01T07:00:00Z', totalFen: 10_000 }]);
    expect(returnWithin6Months([twice], options).numerator.count).toBe(0);
  });
});

describe('reactivation', () => {
  it('counts patients dormant on the period’s first day who visited within the period', () => {
    // Dormant on 2026-07-01 (nothing since 2025-07-01): P8 (last 2024-03-01), P9 (2023-05-05).
    // P4's 2025-07-14 and P6's 2025-07-15 are within the 12 months. P8 came on 2026-07-10.
    const r = reactivation(chain, { ...options, from: '2026-07-01', to: '2026-07-16' });
    expect(r.denominator.patientIds).toEqual(['P8', 'P9']);
    expect(r.numerator.patientIds).toEqual(['P8']);
    expect(r.rate).toBe(0.5);
  });
});

describe('lifecycle funnel', () => {
  it('counts cumulative steps and today’s lifecycle stages', () => {
    const f = lifecycleFunnel(chain, { ...options, openLeads: 3, convertedLeads: 2 });
    // lead = the intake form's leads: 3 open + 2 converted (issue 13: not open leads + every
    // patient record); first visit: all but P5; returning (≥2): P1 P3 P6 P7 P8;
    // loyal (≥5 visits, ≥¥5,000): P3; member: P1.
    expect(f.steps.map((s) => [s.step, s.count])).toEqual([
      ['lead', 5],
      ['registered', 9],
      ['first-visit', 8],
      ['returning', 5],
      ['loyal', 1],
      ['member', 1],
    ]);
    // lifecycle.ts counts 365 days, not calendar months: P6's visit 365 days and 2 hours ago is
    // already dormant there while the activity buckets still call it at risk.
    // leads are not patients: no patient list behind the step, and it says how many converted
    expect(f.steps[0]).toMatchObject({ step: 'lead', patientIds: [], converted: 2 });
    expect(f.stages).toEqual({ lead: 3, consulted: 1, 'in-treatment': 0, 'post-care': 0, maintenance: 4, loyal: 1, dormant: 3 });
    expect(f.stagePatients.dormant.patientIds).toEqual(['P4', 'P6', 'P9']);
  });

  it('uses the loyal thresholds lifecycle.ts uses', () => {
    const now = new Date(asOf);
    const recent = { firstVisitAt: '2025-01-01T00:00:00Z', lastVisitAt: '2026-07-01T00:00:00Z' };
    expect(lifecycleStage({ ...recent, visitCount: loyalMinVisits, totalSpendFen: loyalMinSpendFen }, now)).toBe('loyal');
    expect(lifecycleStage({ ...recent, visitCount: loyalMinVisits - 1, totalSpendFen: loyalMinSpendFen }, now)).toBe('maintenance');
    expect(lifecycleStage({ ...recent, visitCount: loyalMinVisits, totalSpendFen: loyalMinSpendFen - 1 }, now)).toBe('maintenance');
  });
});

describe('LTV', () => {
  it('averages lifetime spend per patient by channel, non-paying patients included', () => {
    // dianping: P1 110,000 + P4 40,000 + P8 20,000 = 170,000 / 3 = 56,666.67 → 56,667.
    // walk-in: P5 0 + P9 5,000 = 5,000 / 2 = 2,500 (one paying).
    expect(ltvByChannel(chain).map((r) => [r.key, r.patients, r.payingPatients, r.spentFen, r.averageFen])).toEqual([
      ['dianping', 3, 3, 170_000, 56_667],
      ['douyin', 1, 1, 40_000, 40_000],
      ['referral', 1, 1, 1_300_000, 1_300_000],
      ['walk-in', 2, 1, 5_000, 2_500],
      ['wechat', 2, 2, 95_000, 47_500],
    ]);
  });

  it('and by referrer, leaving out patients nobody referred', () => {
    expect(ltvByReferrer(chain).map((r) => [r.key, r.patients, r.averageFen])).toEqual([
      ['partner:gym1', 1, 80_000],
      ['patient:P1', 1, 1_300_000],
    ]);
  });
});

describe('patientBaseMetrics', () => {
  it('puts every metric together for the nightly snapshot, default period the last 30 days', () => {
    const m = patientBaseMetrics(chain, { ...options, openLeads: 3 });
    expect(m.period).toEqual({ from: '2026-06-16', to: '2026-07-16' });
    expect(m.patients).toBe(9);
    expect(m.activity.active.count).toBe(4);
    expect(m.retention.rate).toBeCloseTo(2 / 3);
    // In the last 30 days only P1 (07-01) and P8 (07-10) visited, both at 10:00 Shanghai; 1 July
    // 2026 is a Wednesday, 10 July a Friday.
    expect(m.heatmap[2]?.[10]).toBe(1);
    expect(m.heatmap[4]?.[10]).toBe(1);
    expect(m.heatmap.flat().reduce((a, b) => a + b, 0)).toBe(2);
    expect(m.rfm.summary.population + m.rfm.unscored).toBe(9);
  });
});

describe('recall compliance in the nightly metrics (issue 13: every group read 100.0%)', () => {
  // As of 2026-07-15: P1 came back for a recall due 2026-03-01 (on 03-10), P2 never came for one
  // due 2026-04-01 (window closed 05-01), P3's recall fell due 2026-07-01 and is still open,
  // P4's is due 2026-08-01 (not yet due: not counted at all).
  const recallChain = [
    patient('P1', 'wechat', [v('2025-09-01', 15_000), v('2026-03-10', 15_000)]),
    patient('P2', 'wechat', [v('2025-10-01', 15_000)]),
    patient('P3', 'wechat', [v('2026-01-01', 15_000)]),
    patient('P4', 'wechat', [v('2026-02-01', 15_000)]),
  ];
  const recallDues = [
    { group: 'cleaning', dueDate: '2026-03-01', patientId: 'P1' },
    { group: 'cleaning', dueDate: '2026-04-01', patientId: 'P2' },
    { group: 'cleaning', dueDate: '2026-07-01', patientId: 'P3' },
    { group: 'cleaning', dueDate: '2026-08-01', patientId: 'P4' },
  ];

  it('counts recalls whose window has passed as missed: a year of due dates, not the last 30 days', () => {
    const m = patientBaseMetrics(recallChain, { ...options, recallDues });
    expect(m.recallPeriod).toEqual({ from: '2025-07-16', to: '2026-07-16' });
    const cleaning = m.recallCompliance.groups.find((g) => g.group === 'cleaning');
    // done within the window / (done or window passed): 1 / 2; the open one waits, the future one is not due
    expect(cleaning).toMatchObject({ due: 3, compliant: 1, missed: 1, pending: 1, rate: 0.5, missedPatientIds: ['P2'] });
  });
});
