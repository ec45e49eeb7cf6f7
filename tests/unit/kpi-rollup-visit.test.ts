/** Issue 5: what visits add to the daily rollups, and what edits and cancellations take back. */
import { describe, expect, it } from 'vitest';
import {
  deltaForVisit,
  deltaForVisitCancellation,
  deltaForVisitCorrection,
  revenueByCategory,
  visitFactsFrom,
  type KpiVisit,
  type VisitFacts,
} from '../../shared/domain/kpi/rollup.js';

const sh = 'Asia/Shanghai';

// 17:30Z on 1 March is 01:30 on 2 March in Shanghai: the rollup day is the clinic's.
const implantVisit: KpiVisit = {
  visitId: 'V1',
  patientId: 'P1',
  clinicId: 'C1',
  visitedAt: '2026-03-01T17:30:00Z',
  lines: [
    { category: 'implant', amountFen: 1_200_000 },
    { category: 'basic', amountFen: 15_000 },
  ],
  totalFen: 1_200_000, // lines 1,215,000 − visit discount 15,000
  payments: [
    { method: 'wechat', amountFen: 200_000 },
    { method: 'installment', amountFen: 1_000_000 },
  ],
};
const firstEver: VisitFacts = { timeZone: sh, channel: 'dianping', sameDayOtherVisit: false };

describe('revenueByCategory', () => {
  it('spreads the visit discount over lines in integer fen, summing to the total', () => {
    // 15,000 × 1,200,000 / 1,215,000 = 14,814.81 → 14,814; 15,000 × 15,000 / 1,215,000 = 185.19 → 185.
    // One fen left over goes to the larger remainder (.81, the implant): 14,815 and 185.
    expect(revenueByCategory(implantVisit.lines, implantVisit.totalFen)).toEqual([
      { category: 'implant', amountFen: 1_185_185 },
      { category: 'basic', amountFen: 14_815 },
    ]);
  });

  it('keeps a zero-price visit at zero and puts a lump sum without priced lines on the first line', () => {
    expect(revenueByCategory([{ category: 'ortho', amountFen: 0 }], 0)).toEqual([]);
    expect(revenueByCategory([{ category: 'ortho', amountFen: 0 }], 5_000)).toEqual([{ category: 'ortho', amountFen: 5_000 }]);
  });
});

describe('deltaForVisit', () => {
  it('counts a first-ever visit: visit, unique patient, new patient by channel, revenue by category and method', () => {
    expect(deltaForVisit(implantVisit, firstEver)).toEqual([
      {
        clinicId: 'C1',
        day: '2026-03-02',
        counters: {
          visits: 1,
          uniquePatients: 1,
          newPatients: 1,
          'newPatients.channel.dianping': 1,
          revenueFen: 1_200_000,
          'revenueFen.category.implant': 1_185_185,
          'revenueFen.category.basic': 14_815,
          'revenueFen.method.wechat': 200_000,
          'revenueFen.method.installment': 1_000_000,
        },
      },
    ]);
  });

  it('counts a second visit the same day as a visit but not as another unique or new patient', () => {
    const cleaning: KpiVisit = { visitId: 'V2', patientId: 'P1', clinicId: 'C1', visitedAt: '2026-03-02T03:00:00Z', lines: [{ category: 'basic', amountFen: 15_000 }], totalFen: 15_000, payments: [{ method: 'cash', amountFen: 15_000 }] };
    const facts: VisitFacts = { timeZone: sh, channel: 'dianping', sameDayOtherVisit: true, earliestOtherVisit: { clinicId: 'C1', day: '2026-03-02', visitId: 'V1', visitedAt: implantVisit.visitedAt } };
    expect(deltaForVisit(cleaning, facts)).toEqual([
      { clinicId: 'C1', day: '2026-03-02', counters: { visits: 1, revenueFen: 15_000, 'revenueFen.category.basic': 15_000, 'revenueFen.method.cash': 15_000 } },
    ]);
  });

  it('puts an imported visit without payments under the unrecorded method', () => {
    const imported: KpiVisit = { ...implantVisit, payments: [] };
    const [doc] = deltaForVisit(imported, firstEver);
    expect(doc?.counters['revenueFen.method.unrecorded']).toBe(1_200_000);
  });

  it('moves the new-patient count when a visit is entered late, before the first one', () => {
    // P1's first visit so far is V1 on 2 March; a visit on 20 February is entered afterwards.
    const late: KpiVisit = { visitId: 'V0', patientId: 'P1', clinicId: 'C2', visitedAt: '2026-02-20T02:00:00Z', lines: [{ category: 'basic', amountFen: 5_000 }], totalFen: 5_000, payments: [{ method: 'card', amountFen: 5_000 }] };
    const facts: VisitFacts = { timeZone: sh, channel: 'dianping', sameDayOtherVisit: false, earliestOtherVisit: { clinicId: 'C1', day: '2026-03-02', visitId: 'V1', visitedAt: implantVisit.visitedAt } };
    expect(deltaForVisit(late, facts)).toEqual([
      { clinicId: 'C1', day: '2026-03-02', counters: { newPatients: -1, 'newPatients.channel.dianping': -1 } },
      {
        clinicId: 'C2',
        day: '2026-02-20',
        counters: { visits: 1, uniquePatients: 1, newPatients: 1, 'newPatients.channel.dianping': 1, revenueFen: 5_000, 'revenueFen.category.basic': 5_000, 'revenueFen.method.card': 5_000 },
      },
    ]);
  });
});

describe('deltaForVisitCorrection', () => {
  it('takes back exactly what a cancelled visit added when it was the only one', () => {
    const added = deltaForVisit(implantVisit, firstEver);
    const removed = deltaForVisitCancellation(implantVisit, firstEver);
    expect(removed).toHaveLength(1);
    expect(removed[0]?.counters).toEqual(Object.fromEntries(Object.entries(added[0]?.counters ?? {}).map(([k, v]) => [k, -v])));
  });

  it('moves the new-patient count to the next visit when the first visit is cancelled', () => {
    // P1 also visited on 10 April; cancelling V1 makes that the first visit.
    const facts: VisitFacts = { timeZone: sh, channel: 'dianping', sameDayOtherVisit: false, earliestOtherVisit: { clinicId: 'C1', day: '2026-04-10', visitId: 'V9', visitedAt: '2026-04-10T02:00:00Z' } };
    const delta = deltaForVisitCancellation(implantVisit, facts);
    expect(delta.map((d) => [d.day, d.counters.newPatients, d.counters.uniquePatients, d.counters.visits])).toEqual([
      ['2026-03-02', -1, -1, -1],
      ['2026-04-10', 1, undefined, undefined],
    ]);
  });

  it('moves an edited visit to its new day with its new amount', () => {
    const before = { visit: implantVisit, facts: firstEver };
    // Entered for the wrong day and price: really 3 March (Shanghai), implant only at 1,100,000 paid by card.
    const afterVisit: KpiVisit = { ...implantVisit, visitedAt: '2026-03-03T02:00:00Z', lines: [{ category: 'implant', amountFen: 1_100_000 }], totalFen: 1_100_000, payments: [{ method: 'card', amountFen: 1_100_000 }] };
    const delta = deltaForVisitCorrection(before, { visit: afterVisit, facts: firstEver });
    expect(delta).toEqual([
      {
        clinicId: 'C1',
        day: '2026-03-02',
        counters: {
          visits: -1,
          uniquePatients: -1,
          newPatients: -1,
          'newPatients.channel.dianping': -1,
          revenueFen: -1_200_000,
          'revenueFen.category.implant': -1_185_185,
          'revenueFen.category.basic': -14_815,
          'revenueFen.method.wechat': -200_000,
          'revenueFen.method.installment': -1_000_000,
        },
      },
      {
        clinicId: 'C1',
        day: '2026-03-03',
        counters: { visits: 1, uniquePatients: 1, newPatients: 1, 'newPatients.channel.dianping': 1, revenueFen: 1_100_000, 'revenueFen.category.implant': 1_100_000, 'revenueFen.method.card': 1_100_000 },
      },
    ]);
  });

  it('writes only the difference when an edit keeps the day', () => {
    const afterVisit: KpiVisit = { ...implantVisit, totalFen: 1_190_000, payments: [{ method: 'wechat', amountFen: 190_000 }, { method: 'installment', amountFen: 1_000_000 }] };
    const delta = deltaForVisitCorrection({ visit: implantVisit, facts: firstEver }, { visit: afterVisit, facts: firstEver });
    // Discount 25,000 now: implant cut 24,691.36 → 24,691, basic 308.64 → 308, +1 to basic (.64 > .36): 24,691 / 309.
    expect(delta).toEqual([
      {
        clinicId: 'C1',
        day: '2026-03-02',
        counters: { revenueFen: -10_000, 'revenueFen.category.implant': 1_175_309 - 1_185_185, 'revenueFen.category.basic': 14_691 - 14_815, 'revenueFen.method.wechat': -10_000 },
      },
    ]);
  });

  it('moves a visit recorded on the wrong patient (both patients’ counts follow)', () => {
    const onP2: KpiVisit = { ...implantVisit, patientId: 'P2' };
    // P1 has nothing else; P2 already visited on 1 February (so this is not P2's first).
    const p2Facts: VisitFacts = { timeZone: sh, channel: 'referral', sameDayOtherVisit: false, earliestOtherVisit: { clinicId: 'C1', day: '2026-02-01', visitId: 'V5', visitedAt: '2026-02-01T02:00:00Z' } };
    const delta = deltaForVisitCorrection({ visit: implantVisit, facts: firstEver }, { visit: onP2, facts: p2Facts });
    expect(delta).toEqual([{ clinicId: 'C1', day: '2026-03-02', counters: { newPatients: -1, 'newPatients.channel.dianping': -1 } }]);
  });
});

describe('visitFactsFrom', () => {
  it('reads same-day and earliest-other facts from the patient’s other visits, in each clinic’s zone', () => {
    const visits = [
      { visitId: 'A', patientId: 'P1', clinicId: 'C1', visitedAt: '2026-03-01T17:30:00Z' }, // 2 March in Shanghai
      { visitId: 'B', patientId: 'P1', clinicId: 'C1', visitedAt: '2026-03-02T10:00:00Z' }, // 2 March
      { visitId: 'C', patientId: 'P2', clinicId: 'C1', visitedAt: '2026-03-01T00:00:00Z' }, // another patient
    ];
    const facts = visitFactsFrom(visits[1]!, visits, () => sh, 'wechat');
    expect(facts).toEqual({ timeZone: sh, channel: 'wechat', sameDayOtherVisit: true, earliestOtherVisit: { clinicId: 'C1', day: '2026-03-02', visitId: 'A', visitedAt: '2026-03-01T17:30:00Z' } });
    expect(visitFactsFrom(visits[0]!, [visits[0]!], () => sh, 'wechat')).toEqual({ timeZone: sh, channel: 'wechat', sameDayOtherVisit: false });
  });
});
