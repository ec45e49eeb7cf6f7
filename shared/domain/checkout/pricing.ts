/**
 * Pricing a visit: the lines at the clinic's prices, then the adjustments (adjustments.ts). Pure:
 * the service hands in the catalog; every problem names the field a person must fix (invariant 10).
 */
import type { FieldProblem } from '../errors.js';
import { priceAt } from '../catalog.js';
import type { Procedure } from '../../schemas/catalog.js';
import type { CheckoutInput, VisitLine } from '../../schemas/visit.js';
import { applyAdjustments, checkoutAdjusters, couponDiscountFen, manualDiscountFen, memberDiscountFen, pointsDiscountFen, type Adjustment, type AdjustmentApplier, type PointsSpend } from './adjustments.js';
import { claimCoupon } from '../coupons/coupon.js';
import type { Coupon, CouponRedemption } from '../../schemas/coupons.js';
import { coverLines, cardApplies, type EntitlementUse, type MemberCard } from '../members/entitlements.js';
import { memberDiscounts } from '../members/discount.js';
import { coverWithPacks } from '../packs/packs.js';
import type { Pack, PackUse } from '../../schemas/packs.js';

export type PricedVisit = {
  lines: VisitLine[]; subtotalFen: number; discountFen: number; totalFen: number; memberUses?: EntitlementUse[]; memberDiscountFen?: number;
  couponDiscountFen?: number; coupon?: CouponRedemption;
  /** what the points spent took off, and how many */
  pointsDiscountFen?: number; pointsSpent?: number;
  /** visit-pack uses: lines no card covered, paid by a pack */
  packUses?: PackUse[];
};

/** The patient's visit packs as read, for the day of the visit (clinic calendar). */
export type PackPricing = { packs: readonly Pack[]; patientId: string; day: string };

/** The coupon the front desk typed in, as read from the patient's coupons, on the clinic's day. */
export type CouponPricing = { coupon: Coupon; day: string };

/** The patient's membership cards as read, for the day of the visit (clinic calendar). */
export type MemberPricing = { cards: readonly MemberCard[]; patientId: string; day: string };
export type PricedLines = { lines: VisitLine[]; subtotalFen: number };

export const priceLines = (
  input: Pick<CheckoutInput, 'lines' | 'clinicId'>,
  procedures: ReadonlyMap<string, Procedure>,
): { ok: true; priced: PricedLines } | { ok: false; problems: FieldProblem[] } => {
  const problems: FieldProblem[] = [];
  const lines: VisitLine[] = [];
  input.lines.forEach((line, i) => {
    const procedure = procedures.get(line.procedureId);
    if (!procedure) return problems.push({ path: `lines.${i}.procedureId`, message: 'is not a procedure in this chain’s catalog', code: 'procedure.unknown' });
    if (!procedure.active) return problems.push({ path: `lines.${i}.procedureId`, message: 'is no longer offered (inactive in the catalog)', code: 'procedure.inactive' });
    const unitPriceFen = priceAt(procedure, input.clinicId);
    const gross = unitPriceFen * line.quantity;
    if (line.discountFen > gross) return problems.push({ path: `lines.${i}.discountFen`, message: `must not exceed the line’s price (${gross} fen)`, code: 'discount.over_line', params: { amountFen: gross } });
    lines.push({
      procedureId: procedure.procedureId,
      code: procedure.code,
      nameZh: procedure.nameZh,
      nameEn: procedure.nameEn,
      category: procedure.category,
      quantity: line.quantity,
      teeth: line.teeth,
      unitPriceFen,
      discountFen: line.discountFen,
      amountFen: gross - line.discountFen,
    });
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, priced: { lines, subtotalFen: lines.reduce((sum, l) => sum + l.amountFen, 0) } };
};

/**
 * The lines priced, then covered by the patient's cards, then by their visit packs (covered lines
 * at 0, the subtotal is what is left), then adjusted: a membership entitlement first, a pack
 * next, discounts last. What the visit records, and the adjustments that made its total.
 */
export const priceVisit = (
  input: Pick<CheckoutInput, 'lines' | 'discountFen' | 'clinicId'>,
  procedures: ReadonlyMap<string, Procedure>,
  appliers: readonly AdjustmentApplier[] = checkoutAdjusters,
  options: { members?: MemberPricing; coupon?: CouponPricing; points?: PointsSpend; packs?: PackPricing } = {},
): { ok: true; visit: PricedVisit; adjustments: Adjustment[] } | { ok: false; problems: FieldProblem[] } => {
  const priced = priceLines(input, procedures);
  if (!priced.ok) return priced;
  const { members } = options;
  const cards = members ? members.cards.filter((c) => cardApplies(c.membership, members.patientId, input.clinicId, members.day)) : [];
  const coverage = members && cards.length ? coverLines(priced.priced.lines, cards, { patientId: members.patientId, clinicId: input.clinicId, day: members.day }) : undefined;
  const cardLines = coverage?.lines ?? priced.priced.lines;
  const packed = options.packs?.packs.length ? coverWithPacks(cardLines, options.packs.packs, { patientId: options.packs.patientId, clinicId: input.clinicId, day: options.packs.day }) : undefined;
  const lines = packed?.lines ?? cardLines;
  const subtotalFen = lines.reduce((sum, l) => sum + l.amountFen, 0);
  const discounts = memberDiscounts(lines, cards.map((c) => ({ membershipId: c.membership.membershipId, discounts: c.membership.terms.discounts })), { manualDiscountFen: input.discountFen });
  const claimed = options.coupon ? claimCoupon(options.coupon.coupon, { clinicId: input.clinicId, day: options.coupon.day, lines }) : undefined;
  if (claimed && !claimed.ok) return { ok: false, problems: [claimed.problem] };
  const adjusted = applyAdjustments(subtotalFen, { discountFen: input.discountFen, ...(discounts.length ? { memberDiscounts: discounts } : {}), ...(claimed ? { coupon: claimed.claim } : {}), ...(options.points ? { points: options.points } : {}) }, appliers);
  if (!adjusted.ok) return adjusted;
  const { adjustments, dueFen } = adjusted.adjusted;
  const memberFen = memberDiscountFen(adjustments);
  const couponFen = couponDiscountFen(adjustments);
  const coupon = options.coupon?.coupon;
  const pointsFen = pointsDiscountFen(adjustments);
  return {
    ok: true,
    visit: {
      lines, subtotalFen, discountFen: manualDiscountFen(adjustments), totalFen: dueFen,
      ...(coverage?.uses.length ? { memberUses: coverage.uses } : {}),
      ...(packed?.uses.length ? { packUses: packed.uses } : {}),
      ...(memberFen ? { memberDiscountFen: memberFen } : {}),
      ...(coupon ? { couponDiscountFen: couponFen, coupon: { code: coupon.code, definitionId: coupon.definitionId, amountFen: couponFen, issuedBy: coupon.issuedBy } } : {}),
      ...(pointsFen ? { pointsDiscountFen: pointsFen, pointsSpent: options.points?.points ?? 0 } : {}),
    },
    adjustments,
  };
};
