import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { priceVisit } from '../../shared/domain/checkout/pricing.js';
import { defaultCatalog, defaultPlans } from '../../shared/domain/catalog-defaults.js';
import { coverLines, entitlementsLeft, type Counters, type MemberCard } from '../../shared/domain/members/entitlements.js';
import { memberDiscounts } from '../../shared/domain/members/discount.js';
import { planRenewal, planSale, usedValueByTerm } from '../../shared/domain/members/membership.js';
import { applyPromotion } from '../../shared/domain/members/promotion.js';
import { referralGrant } from '../../shared/domain/members/referral.js';
import { refundDue, termRefund } from '../../shared/domain/members/refund.js';
import { renewalDates, statusOn, termEnd } from '../../shared/domain/members/term.js';
import { planTermsSchema, type Membership, type Plan } from '../../shared/schemas/members.js';
import type { Procedure } from '../../shared/schemas/catalog.js';

const catalog = new Map<string, Procedure>(defaultCatalog.map((d) => [`P-${d.code}`, { ...d, procedureId: `P-${d.code}`, clinicPrices: {}, active: true, updatedAt: '' }]));
const seedTerms = defaultPlans[0]!;
const plan: Plan = { ...seedTerms, planId: 'PL1', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'u' };
const payments = [{ method: 'wechat' as const, amountFen: 298_000 }];
const sale = (over: Partial<Parameters<typeof planSale>[2]> = {}, input: Partial<Parameters<typeof planSale>[1]> = {}) =>
  planSale(plan, { planId: 'PL1', clinicId: 'c1', memberPatientIds: ['kid'], payments, acknowledgedAt: '2026-03-01T02:00:00.000Z', ...input }, {
    membershipId: 'M1', holderPatientId: 'mum', soldBy: 'fd', now: '2026-03-01T02:00:00.000Z', today: '2026-03-01', firstVisitDay: '2026-02-20', earlierPurchases: 0, ...over,
  });
const sold = (): Membership => {
  const result = sale();
  if (!result.ok) throw new Error('seed plan does not sell');
  return result.membership;
};
const card = (counters: Counters = {}): MemberCard => ({ membership: sold(), counters });
const line = (code: string, quantity = 1) => ({ procedureId: `P-${code}`, quantity, teeth: [], discountFen: 0 });
const priced = (codes: string[], cards: MemberCard[], patientId = 'kid', day = '2026-03-10', discountFen = 0) =>
  priceVisit({ clinicId: 'c1', discountFen, lines: codes.map((c) => line(c)) }, catalog, undefined, { members: { cards, patientId, day } });

describe('the seed plan', () => {
  it('is a valid plan: ¥2,980 for 12 months, cleaning, 2 perio, monthly check-up, 10% off, referral, first-month promotion', () => {
    expect(planTermsSchema.parse(seedTerms)).toEqual(seedTerms);
    expect(seedTerms).toMatchObject({ priceFen: 298_000, termMonths: 12, referralReward: { procedureCode: 'cleaning', count: 1 } });
    const codes = new Set(defaultCatalog.map((p) => p.code));
    for (const service of seedTerms.included) expect(codes.has(service.procedureCode), service.procedureCode).toBe(true);
    expect(seedTerms.promotions[0]).toMatchObject({ amountOffFen: 30_000, firstPurchaseOnly: true });
  });
});

describe('selling', () => {
  it('freezes the terms and the version; the first-month promotion takes ¥300 off the first purchase only', () => {
    const m = sold();
    expect(m).toMatchObject({ planVersion: 1, anchorDate: '2026-03-01', endDate: '2027-03-01', memberPatientIds: ['mum', 'kid'], terms: { priceFen: 298_000 } });
    const promo = sale({}, { promotionCode: 'FIRSTMONTH300' });
    expect(promo.ok && promo.membership.periods[0]?.pricePaidFen).toBe(268_000);
    expect(sale({ earlierPurchases: 1 }, { promotionCode: 'FIRSTMONTH300' })).toMatchObject({ ok: false, problems: [{ path: 'promotionCode' }] });
    expect(sale({ firstVisitDay: '2026-01-01' }, { promotionCode: 'FIRSTMONTH300' })).toMatchObject({ ok: false, problems: [{ path: 'promotionCode' }] });
    expect(sale({}, { memberPatientIds: ['a', 'b', 'c'] })).toMatchObject({ ok: false, problems: [{ path: 'memberPatientIds' }] });
    expect(sale({}, { memberPatientIds: ['mum'] })).toMatchObject({ ok: false, problems: [{ path: 'memberPatientIds' }] });
  });

  it('a promotion window by dates', () => {
    const p = { code: 'X', nameZh: 'x', amountOffFen: 50_000, firstPurchaseOnly: false, validFrom: '2026-03-01', validUntil: '2026-03-31' };
    expect(applyPromotion(p, { today: '2026-03-31', firstVisitDay: undefined, earlierPurchases: 3 }, 30_000)).toEqual({ ok: true, amountOffFen: 30_000 });
    expect(applyPromotion(p, { today: '2026-04-01', firstVisitDay: undefined, earlierPurchases: 0 }, 30_000).ok).toBe(false);
  });
});

describe('term dates and renewal', () => {
  it('counts term ends from the anchor, so month ends do not drift', () => {
    expect(termEnd('2026-01-31', 1)).toBe('2026-02-28');
    expect(termEnd('2026-01-31', 2)).toBe('2026-03-31');
    expect(termEnd('2028-02-29', 12)).toBe('2029-02-28');
    expect(termEnd('2028-02-29', 48)).toBe('2032-02-29');
  });

  it('renewal extends from the old end, early or within the grace period, and not after it', () => {
    const m = { status: 'active' as const, anchorDate: '2026-01-31', endDate: '2026-02-28', monthsPaid: 1 };
    expect(renewalDates(m, 1, 30, '2026-02-10')).toEqual({ ok: true, startDate: '2026-02-28', endDate: '2026-03-31', monthsPaid: 2 });
    expect(renewalDates(m, 1, 30, '2026-03-29')).toMatchObject({ ok: true, startDate: '2026-02-28' });
    expect(renewalDates(m, 1, 30, '2026-03-30')).toEqual({ ok: false, reason: 'past-grace', lastDay: '2026-03-30' });
    expect(renewalDates({ ...m, status: 'cancelled' }, 1, 30, '2026-02-10')).toEqual({ ok: false, reason: 'cancelled' });
    expect(statusOn(m, '2026-02-27')).toBe('active');
    expect(statusOn(m, '2026-02-28')).toBe('lapsed');
  });

  it('a renewal adds a term at the price sold, whatever the plan costs now', () => {
    const renewed = planRenewal(sold(), { clinicId: 'c1', payments, acknowledgedAt: '2027-02-01T00:00:00.000Z' }, { today: '2027-02-01', soldBy: 'fd', now: '2027-02-01T00:00:00.000Z' });
    expect(renewed).toMatchObject({ ok: true, period: { n: 2, startDate: '2027-03-01', endDate: '2028-03-01', pricePaidFen: 298_000 }, membership: { endDate: '2028-03-01', monthsPaid: 24, version: 2 } });
  });
});

describe('entitlements at checkout', () => {
  it('covers a family member’s cleaning at 0, then not again within 30 days; the next month is fine', () => {
    const first = priced(['cleaning'], [card()]);
    expect(first).toMatchObject({ ok: true, visit: { totalFen: 0, lines: [{ amountFen: 0, coveredBy: { membershipId: 'M1', entitlementKey: 'cleaning', listValueFen: 15_000 } }] } });
    expect(first.ok && first.visit.memberUses).toEqual([expect.objectContaining({ lastKey: 'l|cleaning|kid', latestAllowedLast: '2026-02-08', count: 1 })]);
    const counters = { 'l|cleaning|kid': '2026-03-10' };
    expect(priced(['cleaning'], [card(counters)], 'kid', '2026-04-08')).toMatchObject({ ok: true, visit: { totalFen: 13_500, memberDiscountFen: 1_500 } });
    expect(priced(['cleaning'], [card(counters)], 'kid', '2026-04-09')).toMatchObject({ ok: true, visit: { totalFen: 0 } });
    // per person: the holder's cleaning is their own
    expect(priced(['cleaning'], [card(counters)], 'mum', '2026-03-11')).toMatchObject({ ok: true, visit: { totalFen: 0 } });
    // two cleanings in one visit: one covered
    expect(priced(['cleaning', 'cleaning'], [card()])).toMatchObject({ ok: true, visit: { subtotalFen: 15_000, totalFen: 13_500 } });
  });

  it('the 2 periodontal treatments are shared and never go past 2, within one visit or across', () => {
    expect(priced(['perio-therapy', 'perio-therapy', 'perio-therapy'], [card()])).toMatchObject({ ok: true, visit: { subtotalFen: 80_000, totalFen: 72_000 } });
    const used = { 'u|1|term|perio|all': 2 };
    expect(priced(['perio-therapy'], [card(used)], 'mum')).toMatchObject({ ok: true, visit: { totalFen: 72_000 } });
    expect(entitlementsLeft(card({ 'u|1|term|perio|all': 1 }), 'mum', '2026-03-10').find((e) => e.key === 'perio')).toMatchObject({ left: 1 });
  });

  it('a referral reward is an extra shared use, taken only when the plan’s own service does not cover the line', () => {
    const counters = { 'g|1|cleaning': 1, 'l|cleaning|kid': '2026-03-10' };
    expect(priced(['cleaning'], [card(counters)], 'kid', '2026-03-11')).toMatchObject({ ok: true, visit: { totalFen: 0, lines: [{ coveredBy: { entitlementKey: 'referral-cleaning' } }] } });
    expect(priced(['cleaning'], [card({ ...counters, 'u|1|term|referral-cleaning|all': 1 })], 'kid', '2026-03-11')).toMatchObject({ ok: true, visit: { totalFen: 13_500 } });
    expect(priced(['cleaning'], [card(counters)], 'mum', '2026-03-11')).toMatchObject({ ok: true, visit: { lines: [{ coveredBy: { entitlementKey: 'cleaning' } }] } });
  });

  it('the monthly check-up: once per calendar month per person', () => {
    const used = { 'u|1|2026-03|checkup|kid': 1 };
    expect(priced(['exam'], [card(used)], 'kid', '2026-03-31')).toMatchObject({ ok: true, visit: { totalFen: 4_500 } });
    expect(priced(['exam'], [card(used)], 'kid', '2026-04-01')).toMatchObject({ ok: true, visit: { totalFen: 0 } });
  });

  it('no card outside its term, for someone not on it, or once cancelled', () => {
    expect(priced(['cleaning'], [card()], 'kid', '2027-03-01')).toMatchObject({ ok: true, visit: { totalFen: 15_000 } });
    expect(priced(['cleaning'], [card()], 'stranger')).toMatchObject({ ok: true, visit: { totalFen: 15_000 } });
    const cancelled = { ...card(), membership: { ...sold(), status: 'cancelled' as const } };
    expect(priced(['cleaning'], [cancelled])).toMatchObject({ ok: true, visit: { totalFen: 15_000 } });
    expect(coverLines([], [card()], { patientId: 'kid', clinicId: 'c1', day: '2026-03-10' })).toEqual({ lines: [], uses: [] });
  });
});

describe('member discounts', () => {
  it('10% off what the card does not cover, rounded down per line; not with a manual discount it excludes', () => {
    const lines = [{ procedureId: 'a', code: 'x', nameZh: '', nameEn: '', category: 'restorative' as const, quantity: 1, teeth: [], unitPriceFen: 999, discountFen: 0, amountFen: 999 }];
    expect(memberDiscounts(lines, [{ membershipId: 'M', discounts: seedTerms.discounts }], { manualDiscountFen: 0 })).toEqual([{ lineIndex: 0, membershipId: 'M', percent: 10, amountFen: 99 }]);
    expect(memberDiscounts(lines, [{ membershipId: 'M', discounts: seedTerms.discounts }], { manualDiscountFen: 1 })).toEqual([]);
    expect(memberDiscounts(lines, [{ membershipId: 'M', discounts: [{ categories: ['perio'], percent: 50, notCombinableWith: [] }] }], { manualDiscountFen: 0 })).toEqual([]);
    expect(priced(['filling-resin'], [card()], 'kid', '2026-03-10', 5_000)).toMatchObject({ ok: true, visit: { totalFen: 35_000, discountFen: 5_000 } });
  });

  it('property: the total is never below 0 and equals the lines − discounts − entitlements', () => {
    const codes = ['cleaning', 'perio-therapy', 'exam', 'filling-resin', 'implant', 'ortho-review'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...codes), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.constantFrom('kid', 'mum', 'stranger'),
        (lines, perioUsed, manual, patientId) => {
          const result = priced(lines, [card({ 'u|1|term|perio|all': perioUsed })], patientId, '2026-03-10', manual);
          const gross = lines.reduce((sum, c) => sum + (catalog.get(`P-${c}`)?.priceFen ?? 0), 0);
          if (!result.ok) {
            expect(result.problems[0]?.path).toBe('discountFen');
            return;
          }
          const { visit } = result;
          const entitlements = visit.lines.reduce((sum, l) => sum + (l.coveredBy?.listValueFen ?? 0), 0);
          expect(visit.totalFen).toBeGreaterThanOrEqual(0);
          expect(visit.totalFen).toBe(gross - visit.discountFen - (visit.memberDiscountFen ?? 0) - entitlements);
          expect(visit.memberUses?.filter((u) => u.entitlementKey === 'perio').length ?? 0).toBeLessThanOrEqual(Math.max(0, 2 - perioUsed));
        },
      ),
    );
  });
});

describe('the refund rule', () => {
  const term = { n: 1, startDate: '2026-03-01', endDate: '2027-03-01', pricePaidFen: 298_000 };
  it('pro rata by days left, minus the list value used, never below 0', () => {
    expect(termRefund(term, 0, '2026-03-01')).toMatchObject({ termDays: 365, daysLeft: 365, refundFen: 298_000 });
    expect(termRefund(term, 15_000, '2026-09-01')).toMatchObject({ daysLeft: 181, refundFen: Math.floor((298_000 * 181) / 365) - 15_000 });
    expect(termRefund(term, 500_000, '2026-04-01').refundFen).toBe(0);
    expect(termRefund(term, 0, '2027-03-01').refundFen).toBe(0);
  });

  it('a renewed term not yet begun is refunded whole; reversed uses do not count', () => {
    const next = { n: 2, startDate: '2027-03-01', endDate: '2028-03-01', pricePaidFen: 298_000 };
    const used = usedValueByTerm([{ term: 1, listValueFen: 15_000, count: 1 }, { term: 1, listValueFen: 80_000, count: 1 }, { term: 1, listValueFen: 80_000, count: -1 }]);
    expect(used.get(1)).toBe(15_000);
    expect(refundDue({ kind: 'pro-rata-minus-used' }, [term, next], used, '2027-01-01').refundableFen).toBe(Math.floor((298_000 * 59) / 365) - 15_000 + 298_000);
  });
});

describe('the referral reward', () => {
  it('grants the referrer’s active card a free cleaning on the referred patient’s first paid visit only', () => {
    const m = sold();
    expect(referralGrant([m], { referredPatientId: 'new', visitId: 'V', totalFen: 15_000, isFirstPaidVisit: true, day: '2026-05-01' })).toEqual({
      membershipId: 'M1', holderPatientId: 'mum', procedureCode: 'cleaning', count: 1, term: 1, referredPatientId: 'new', visitId: 'V',
    });
    expect(referralGrant([m], { referredPatientId: 'new', visitId: 'V', totalFen: 15_000, isFirstPaidVisit: false, day: '2026-05-01' })).toBeUndefined();
    expect(referralGrant([m], { referredPatientId: 'new', visitId: 'V', totalFen: 0, isFirstPaidVisit: true, day: '2026-05-01' })).toBeUndefined();
    expect(referralGrant([m], { referredPatientId: 'new', visitId: 'V', totalFen: 15_000, isFirstPaidVisit: true, day: '2027-05-01' })).toBeUndefined();
  });
});

describe('giving entitlements back on a void (the transaction items)', () => {
  const use = { membershipId: 'M1', holderPatientId: 'mum', patientId: 'kid', visitId: 'V1', lineIndex: 0, entitlementKey: 'cleaning', procedureCode: 'cleaning', term: 1, count: 1, listValueFen: 15_000, day: '2026-03-10', lastKey: 'l|cleaning|kid', previousLast: '2026-01-02', latestAllowedLast: '2026-02-08' };
  const perio = { ...use, lineIndex: 1, entitlementKey: 'perio', procedureCode: 'perio-therapy', listValueFen: 80_000, lastKey: undefined, previousLast: undefined, latestAllowedLast: undefined, usedKey: 'u|1|term|perio|all', limit: 2 };

  it('sets the latest day back only while it is still this visit’s; counts always come back; one negative ledger row per use', async () => {
    // The builders are pure; the module's client only needs a table name to load.
    vi.stubEnv('TABLE_NAME', 'unit-test');
    const { entitlementReturnItems, entitlementUseItems } = await import('../../functions/adapters/dynamo/membership-repository.js');
    const still = entitlementReturnItems('T1', [use, perio], '2026-03-11T00:00:00.000Z', new Map([['M1', { 'l|cleaning|kid': '2026-03-10' }]]));
    expect(still[0]?.Update?.UpdateExpression).toBe('SET updatedAt = :updatedAt, #l0 = :prev0 ADD #u0 :neg0, #v0 :v0');
    // the value received this term goes back too (the renewal reminder states it)
    expect(still[0]?.Update?.ExpressionAttributeValues?.[':v0']).toBe(-95_000);
    expect(still[0]?.Update?.ConditionExpression).toBe('attribute_exists(pk) AND #u0 >= :n0 AND #l0 = :day0');
    expect(still.slice(1).map((i) => i.Put?.Item?.count)).toEqual([-1, -1]);
    const later = entitlementReturnItems('T1', [use], '2026-04-20T00:00:00.000Z', new Map([['M1', { 'l|cleaning|kid': '2026-04-15' }]]));
    expect(later[0]?.Update?.UpdateExpression).toBe('SET updatedAt = :updatedAt ADD #v0 :v0');
    const take = entitlementUseItems('T1', [use, perio, { ...perio, lineIndex: 2 }], '2026-03-10T00:00:00.000Z');
    expect(take[0]?.Update?.ConditionExpression).toBe('attribute_exists(pk) AND attribute_not_exists(cancelledAt) AND (attribute_not_exists(#u0) OR #u0 <= :max0) AND (attribute_not_exists(#l0) OR #l0 <= :latest0)');
    expect(take[0]?.Update?.ExpressionAttributeValues).toMatchObject({ ':n0': 2, ':max0': 0 });
    expect(take).toHaveLength(4);
  });
});
