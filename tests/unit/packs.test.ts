/**
 * Visit packs as pure rules: a membership entitlement first, then a pack, then discounts; an
 * expired, foreign-clinic or too-small pack is not used; the uses' earned value adds up to the
 * price exactly and the refund never goes below 0; the checkout total with packs never goes
 * below 0 and equals lines − discounts − entitlements − packs − coupon − points (property).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceVisit } from '../../shared/domain/checkout/pricing.js';
import { defaultCatalog, defaultPlans } from '../../shared/domain/catalog-defaults.js';
import type { MemberCard } from '../../shared/domain/members/entitlements.js';
import { planSale } from '../../shared/domain/members/membership.js';
import { coverWithPacks, packRefundDue, packStatusOn, planPackSale, unearnedFen } from '../../shared/domain/packs/packs.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { Plan } from '../../shared/schemas/members.js';
import type { Pack, PackProduct } from '../../shared/schemas/packs.js';

const catalog = new Map<string, Procedure>(defaultCatalog.map((d) => [`P-${d.code}`, { ...d, procedureId: `P-${d.code}`, clinicPrices: {}, active: true, updatedAt: '' }]));
const ids = [...catalog.keys()];
const plan: Plan = { ...defaultPlans[0]!, planId: 'PL1', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'u' };
const sold = planSale(plan, { planId: 'PL1', clinicId: 'c1', memberPatientIds: [], payments: [{ method: 'wechat', amountFen: 298_000 }], acknowledgedAt: '2026-03-01T02:00:00.000Z' }, {
  membershipId: 'M1', holderPatientId: 'pt', soldBy: 'fd', now: '2026-03-01T02:00:00.000Z', today: '2026-03-01', firstVisitDay: undefined, earlierPurchases: 1,
});
if (!sold.ok) throw new Error('the seed plan does not sell');
const card: MemberCard = { membership: sold.membership, counters: {} };

const product = (over: Partial<PackProduct> = {}): PackProduct => ({
  productId: 'PP1', version: 2, updatedAt: '', updatedBy: 'o', name: '洁牙5次卡', procedureCode: 'cleaning', count: 5, priceFen: 50_000, validityMonths: 12, refundRule: { kind: 'pro-rata-unused' }, active: true, ...over,
});
const pack = (over: Partial<Pack> = {}, productOver: Partial<PackProduct> = {}): Pack => {
  const sale = planPackSale(product(productOver), { productId: 'PP1', clinicId: 'c1', payments: [], acknowledgedAt: '2026-03-01T02:00:00.000Z' }, { packId: 'K1', patientId: 'pt', soldBy: 'fd', now: '2026-03-01T02:00:00.000Z', today: '2026-03-01' });
  if (!sale.ok) throw new Error('pack does not sell');
  return { ...sale.pack, ...over };
};
const line = (code: string, quantity = 1) => ({ procedureId: `P-${code}`, quantity, teeth: [], discountFen: 0 });

describe('visit pack rules', () => {
  it('freezes the product version and runs validity months from the day sold', () => {
    const p = pack();
    expect(p).toMatchObject({ productVersion: 2, remaining: 5, startDate: '2026-03-01', endDate: '2027-03-01', pricePaidFen: 50_000 });
    expect(packStatusOn(p, '2027-02-28')).toBe('active');
    expect(packStatusOn(p, '2027-03-01')).toBe('expired');
    expect(planPackSale(product({ active: false }), { productId: 'PP1', clinicId: 'c1', payments: [], acknowledgedAt: '' }, { packId: 'K', patientId: 'pt', soldBy: 'f', now: '', today: '2026-03-01' }).ok).toBe(false);
    expect(planPackSale(product({ clinicIds: ['c2'] }), { productId: 'PP1', clinicId: 'c1', payments: [], acknowledgedAt: '' }, { packId: 'K', patientId: 'pt', soldBy: 'f', now: '', today: '2026-03-01' }).ok).toBe(false);
  });

  it('a membership entitlement first, then the pack, then discounts', () => {
    const result = priceVisit({ clinicId: 'c1', discountFen: 0, lines: [line('cleaning'), line('cleaning'), line('filling-resin')] }, catalog, undefined, {
      members: { cards: [card], patientId: 'pt', day: '2026-03-10' },
      packs: { packs: [pack()], patientId: 'pt', day: '2026-03-10' },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const [first, second, filling] = result.visit.lines;
    expect(first?.coveredBy?.membershipId).toBe('M1');
    expect(first?.packCover).toBeUndefined();
    // The card's cleaning is once per 30 days: the second one in the visit is the pack's.
    expect(second).toMatchObject({ amountFen: 0, packCover: { packId: 'K1' } });
    expect(result.visit.packUses).toEqual([expect.objectContaining({ packId: 'K1', lineIndex: 1, count: 1, remainingRead: 5, earnedFen: 10_000 })]);
    // The member's 10% comes off the filling only.
    expect(result.visit.memberDiscountFen).toBe(Math.round((filling?.amountFen ?? 0) * 0.1));
  });

  it('an expired, cancelled, other-clinic or too-small pack is not used', () => {
    const price = (p: Pack, quantity = 1, day = '2026-03-10') => {
      const result = priceVisit({ clinicId: 'c1', discountFen: 0, lines: [line('cleaning', quantity)] }, catalog, undefined, { packs: { packs: [p], patientId: 'pt', day } });
      if (!result.ok) throw new Error('refused');
      return result.visit.packUses?.length ?? 0;
    };
    expect(price(pack())).toBe(1);
    expect(price(pack(), 1, '2027-03-01')).toBe(0);
    expect(price(pack({ status: 'cancelled' }))).toBe(0);
    expect(price(pack({ terms: { ...pack().terms, clinicIds: ['c2'] } }))).toBe(0);
    expect(price(pack({ remaining: 1 }), 2)).toBe(0);
    expect(price(pack({ remaining: 0 }))).toBe(0);
  });

  it('uses the pack that ends first, one use per pack per visit', () => {
    const later = pack({ packId: 'K2', endDate: '2027-06-01' });
    const sooner = pack({ packId: 'K1', endDate: '2027-01-01' });
    const covered = coverWithPacks([{ procedureId: 'x', code: 'cleaning', nameZh: '', nameEn: '', category: 'basic', quantity: 1, teeth: [], unitPriceFen: 100, discountFen: 0, amountFen: 100 }], [later, sooner], { patientId: 'pt', clinicId: 'c1', day: '2026-03-10' });
    expect(covered.uses[0]?.packId).toBe('K1');
  });

  it('the uses earn exactly the price; the refund is the unused share, never below 0', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 100 }), (priceFen, count) => {
      const p = pack({ pricePaidFen: priceFen }, { count });
      let earned = 0;
      for (let r = count; r > 0; r--) earned += unearnedFen(p, r) - unearnedFen(p, r - 1);
      expect(earned).toBe(priceFen);
      for (const remaining of [0, 1, count, count + 3, -1]) expect(packRefundDue({ ...p, remaining })).toBeGreaterThanOrEqual(0);
      expect(packRefundDue({ ...p, remaining: count })).toBe(priceFen);
      expect(packRefundDue({ ...p, remaining: 0 })).toBe(0);
    }), { numRuns: 300 });
  });

  it('total ≥ 0 and total = lines − discounts − entitlements − packs (property)', () => {
    const codes = ids.map((id) => catalog.get(id)?.code ?? '');
    fc.assert(
      fc.property(
        fc.array(fc.record({ procedureId: fc.constantFrom(...ids), quantity: fc.integer({ min: 1, max: 3 }), discountShare: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 300_000 }), fc.boolean(),
        fc.array(fc.record({ code: fc.constantFrom(...codes), remaining: fc.integer({ min: 0, max: 4 }) }), { maxLength: 3 }),
        (draft, manualFen, member, packDrafts) => {
          const lines = draft.map((l) => {
            const gross = (catalog.get(l.procedureId)?.priceFen ?? 0) * l.quantity;
            return { procedureId: l.procedureId, quantity: l.quantity, teeth: [], discountFen: Math.floor(gross * l.discountShare) };
          });
          const packs = packDrafts.map((d, i) => pack({ packId: `K${i}`, remaining: d.remaining }, { procedureCode: d.code }));
          const result = priceVisit({ clinicId: 'c1', discountFen: manualFen, lines }, catalog, undefined, {
            ...(member ? { members: { cards: [card], patientId: 'pt', day: '2026-03-10' } } : {}),
            packs: { packs, patientId: 'pt', day: '2026-03-10' },
          });
          if (!result.ok) {
            expect(result.problems[0]?.path).toBe('discountFen');
            return;
          }
          const v = result.visit;
          const listFen = v.lines.reduce((s, l) => s + l.unitPriceFen * l.quantity, 0);
          const lineDiscounts = v.lines.filter((l) => !l.coveredBy).reduce((s, l) => s + l.discountFen, 0);
          const entitlementsFen = v.lines.filter((l) => l.coveredBy).reduce((s, l) => s + l.unitPriceFen * l.quantity, 0);
          const packsFen = v.lines.filter((l) => l.packCover).reduce((s, l) => s + (l.packCover?.listValueFen ?? 0), 0);
          expect(v.totalFen).toBeGreaterThanOrEqual(0);
          expect(v.totalFen).toBe(listFen - lineDiscounts - entitlementsFen - packsFen - v.discountFen - (v.memberDiscountFen ?? 0));
          // Never more uses than a pack has; never a line both a card's and a pack's.
          for (const p of packs) expect((v.packUses ?? []).filter((u) => u.packId === p.packId).reduce((s, u) => s + u.count, 0)).toBeLessThanOrEqual(p.remaining);
          expect(v.lines.every((l) => !(l.coveredBy && l.packCover))).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
