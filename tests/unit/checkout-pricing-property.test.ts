/**
 * The checkout total, for any lines, line discounts, manual discount, membership card and coupon:
 * never below 0, and exactly lines − discounts − entitlements − coupon − points; points never take
 * more than the owner's share of what is left to pay. Refused inputs name a field and are left out
 * of the identity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceVisit } from '../../shared/domain/checkout/pricing.js';
import { defaultCatalog, defaultPlans } from '../../shared/domain/catalog-defaults.js';
import type { MemberCard } from '../../shared/domain/members/entitlements.js';
import { planSale } from '../../shared/domain/members/membership.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import { procedureCategories } from '../../shared/schemas/catalog.js';
import type { Coupon } from '../../shared/schemas/coupons.js';
import type { Plan } from '../../shared/schemas/members.js';

const catalog = new Map<string, Procedure>(defaultCatalog.map((d) => [`P-${d.code}`, { ...d, procedureId: `P-${d.code}`, clinicPrices: {}, active: true, updatedAt: '' }]));
const ids = [...catalog.keys()];
const plan: Plan = { ...defaultPlans[0]!, planId: 'PL1', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'u' };
const sold = planSale(plan, { planId: 'PL1', clinicId: 'c1', memberPatientIds: [], payments: [{ method: 'wechat', amountFen: 268_000 }], acknowledgedAt: '2026-03-01T02:00:00.000Z' }, {
  membershipId: 'M1', holderPatientId: 'pt', soldBy: 'fd', now: '2026-03-01T02:00:00.000Z', today: '2026-03-01', firstVisitDay: '2026-02-20', earlierPurchases: 0,
});
if (!sold.ok) throw new Error('the seed plan does not sell');
const card: MemberCard = { membership: sold.membership, counters: {} };

const lineArb = fc.record({ procedureId: fc.constantFrom(...ids), quantity: fc.integer({ min: 1, max: 3 }), discountShare: fc.double({ min: 0, max: 1, noNaN: true }) });
const couponArb = fc.record({
  value: fc.oneof(fc.record({ kind: fc.constant('amount' as const), amountFen: fc.integer({ min: 1, max: 500_000 }) }), fc.record({ kind: fc.constant('percent' as const), percent: fc.integer({ min: 1, max: 100 }) })),
  minSpendFen: fc.integer({ min: 0, max: 200_000 }),
  categories: fc.subarray([...procedureCategories]),
});

const pointsArb = fc.record({ points: fc.integer({ min: 1, max: 200_000 }), rules: fc.record({ earnPointsPerYuan: fc.constant(1), spendPointsPerYuan: fc.constantFrom(1, 10, 100, 150), maxSharePercent: fc.integer({ min: 0, max: 100 }) }) });

const coupon = (terms: { value: Coupon['value']; minSpendFen: number; categories: Coupon['categories'] }): Coupon => ({
  code: 'ABCDEFGHJK12', patientId: 'pt', definitionId: 'D1', name: '券', procedureIds: [], clinicIds: [], validFrom: '2026-01-01', expiresOn: '2026-12-31', status: 'issued',
  issuedBy: { kind: 'staff', id: 'fd' }, issuedAt: '2026-01-01T00:00:00.000Z', ...terms,
});

describe('checkout pricing (property)', () => {
  it('total ≥ 0 and total = lines − discounts − entitlements − coupon − points', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 300_000 }), fc.boolean(), fc.option(couponArb, { nil: undefined }), fc.option(pointsArb, { nil: undefined }), (draft, manualFen, member, couponTerms, points) => {
        const lines = draft.map((l) => {
          const gross = (catalog.get(l.procedureId)?.priceFen ?? 0) * l.quantity;
          return { procedureId: l.procedureId, quantity: l.quantity, teeth: [], discountFen: Math.floor(gross * l.discountShare) };
        });
        const result = priceVisit({ clinicId: 'c1', discountFen: manualFen, lines }, catalog, undefined, {
          ...(member ? { members: { cards: [card], patientId: 'pt', day: '2026-03-10' } } : {}),
          ...(couponTerms ? { coupon: { coupon: coupon(couponTerms), day: '2026-03-10' } } : {}),
          ...(points ? { points } : {}),
        });
        if (!result.ok) {
          expect(result.problems[0]?.path).toMatch(/^(discountFen|couponCode|pointsToSpend)$/);
          return;
        }
        const v = result.visit;
        const listFen = v.lines.reduce((s, l) => s + l.unitPriceFen * l.quantity, 0);
        const lineDiscounts = v.lines.filter((l) => !l.coveredBy).reduce((s, l) => s + l.discountFen, 0);
        const entitlementsFen = v.lines.filter((l) => l.coveredBy).reduce((s, l) => s + l.unitPriceFen * l.quantity, 0);
        const discountsFen = lineDiscounts + v.discountFen + (v.memberDiscountFen ?? 0);
        const pointsFen = v.pointsDiscountFen ?? 0;
        const beforePoints = v.totalFen + pointsFen;
        if (points) expect(pointsFen).toBeLessThanOrEqual(Math.floor((beforePoints * points.rules.maxSharePercent) / 100));
        if (pointsFen) expect(pointsFen * points!.rules.spendPointsPerYuan).toBe(points!.points * 100);
        expect(v.totalFen).toBeGreaterThanOrEqual(0);
        expect(v.totalFen).toBe(listFen - discountsFen - entitlementsFen - (v.couponDiscountFen ?? 0) - pointsFen);
      }),
      { numRuns: 500 },
    );
  });
});
