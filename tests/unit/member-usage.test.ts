import { describe, expect, it } from 'vitest';
import { defaultPlans } from '../../shared/domain/catalog-defaults.js';
import { cardUtilisation, chainComparison, sumUtilisation, visitComparison } from '../../shared/domain/members/usage.js';
import type { PatientFacts } from '../../shared/domain/kpi/patient-facts.js';
import type { Membership, PlanTerms } from '../../shared/schemas/members.js';

const terms = defaultPlans[0] as PlanTerms;
const card = (over: Partial<Membership> = {}): Membership => ({
  membershipId: 'm1', holderPatientId: 'p1', memberPatientIds: ['p1', 'p2'], planId: 'plan', planVersion: 1, terms, anchorDate: '2026-03-15', monthsPaid: 12, endDate: '2027-03-15',
  periods: [{ n: 1, startDate: '2026-03-15', endDate: '2027-03-15', listPriceFen: 298_000, pricePaidFen: 298_000, payments: [], clinicId: 'c1', soldBy: 'u1', soldAt: '2026-03-15T02:00:00.000Z', acknowledgedAt: '2026-03-15T02:00:00.000Z' }],
  status: 'active', version: 1, createdAt: '2026-03-15T02:00:00.000Z', ...over,
});

describe('entitlement utilisation', () => {
  it('counts this term\'s uses net of voids against what the term made available so far', () => {
    const uses = [
      { entitlementKey: 'cleaning', term: 1, count: 1 }, { entitlementKey: 'cleaning', term: 1, count: 1 }, { entitlementKey: 'cleaning', term: 1, count: -1 },
      { entitlementKey: 'perio', term: 1, count: 1 }, { entitlementKey: 'checkup', term: 1, count: 1 }, { entitlementKey: 'checkup', term: 0, count: 5 },
      { entitlementKey: 'referral-cleaning', term: 1, count: 1, kind: 'referral-grant' },
    ];
    const rows = cardUtilisation(card(), uses, '2026-05-02');
    const by = (key: string) => rows.find((r) => r.key === key);
    // Unlimited cleaning: per member covered (2 people).
    expect(by('cleaning')).toMatchObject({ basis: 'member', used: 1, available: 2 });
    // 2 perio a term, shared by the family.
    expect(by('perio')).toMatchObject({ basis: 'term', used: 1, available: 2 });
    // A monthly check-up per person: March, April and May begun × 2 people.
    expect(by('checkup')).toMatchObject({ basis: 'month', used: 1, available: 6 });
  });

  it('a cancelled card or a day outside any term counts nothing; cards add up per clinic and service', () => {
    expect(cardUtilisation(card({ status: 'cancelled' }), [], '2026-05-02')).toEqual([]);
    expect(cardUtilisation(card(), [], '2027-04-01')).toEqual([]);
    const two = sumUtilisation([...cardUtilisation(card(), [], '2026-05-02'), ...cardUtilisation(card({ membershipId: 'm2', memberPatientIds: ['p3'] }), [], '2026-05-02')]);
    expect(two.find((r) => r.key === 'perio')).toMatchObject({ cards: 2, available: 4 });
    expect(two.find((r) => r.key === 'cleaning')).toMatchObject({ cards: 2, available: 3 });
  });
});

describe('member vs non-member visits', () => {
  const facts = (patientId: string, isMember: boolean, visits: [string, number][]): PatientFacts => ({
    patientId, clinicId: 'c1', channel: 'walk-in', isMember, visits: visits.map(([at, totalFen]) => ({ at, totalFen })), totalSpentFen: 0, visitsCount: visits.length,
  });
  it('counts the last 12 months; members who never came count, non-members who never came do not', () => {
    const rows = visitComparison([
      facts('a', true, [['2026-05-01T02:00:00.000Z', 10_000], ['2025-05-01T02:00:00.000Z', 99_999]]),
      facts('b', true, []),
      facts('c', false, [['2026-01-01T02:00:00.000Z', 30_000], ['2026-02-01T02:00:00.000Z', 20_000]]),
      facts('d', false, [['2024-01-01T02:00:00.000Z', 5_000]]),
    ], { asOfDay: '2026-05-02' });
    expect(rows).toEqual([{ clinicId: 'c1', members: { patients: 2, visits: 1, spendFen: 10_000 }, others: { patients: 1, visits: 2, spendFen: 50_000 } }]);
    expect(chainComparison(rows).others.spendFen).toBe(50_000);
  });
});
