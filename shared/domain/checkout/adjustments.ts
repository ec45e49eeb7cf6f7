/**
 * What a checkout takes off the priced lines' subtotal, one applier after another, each from
 * what is still due. Today the front desk's manual discount is the only one; entitlements,
 * coupons, points and stored value join this list, each returning the adjustment it made (so a
 * void can give back exactly what was used, invariant 13) or the field a person must fix.
 */
import type { FieldProblem } from '../errors.js';
import type { CheckoutInput } from '../../schemas/visit.js';
import type { LineDiscount } from '../members/discount.js';
import { couponAmountFen, type CouponClaim } from '../coupons/coupon.js';
import { pointsCapFen, pointsValueFen } from '../points/points.js';
import type { PointsRules } from '../../schemas/points.js';

export type Adjustment =
  | { kind: 'manual-discount'; amountFen: number }
  | { kind: 'member-discount'; amountFen: number; membershipId: string; lineIndex: number; percent: number }
  | { kind: 'coupon'; amountFen: number; code: string }
  | { kind: 'points'; amountFen: number; points: number };

/** What the checkout request asks of the appliers; member discounts come decided per line (members/discount.ts). */
export type AdjustmentRequest = Pick<CheckoutInput, 'discountFen'> & { memberDiscounts?: readonly LineDiscount[]; coupon?: CouponClaim; points?: PointsSpend };

/** The points the front desk spends, at the chain's rules; whether the balance holds them is the service's (409). */
export type PointsSpend = { points: number; rules: PointsRules };

export type Adjusted = {
  subtotalFen: number;
  /** what is left to pay after the adjustments so far */
  dueFen: number;
  adjustments: Adjustment[];
};

export type AdjustmentApplier = (so: Adjusted, request: AdjustmentRequest) => { ok: true; adjusted: Adjusted } | { ok: false; problems: FieldProblem[] };

const take = (so: Adjusted, adjustment: Adjustment): Adjusted => ({ ...so, dueFen: so.dueFen - adjustment.amountFen, adjustments: [...so.adjustments, adjustment] });

/** The discount on the whole visit that the front desk typed in. */
export const manualDiscount: AdjustmentApplier = (so, request) =>
  request.discountFen === 0
    ? { ok: true, adjusted: so }
    : request.discountFen > so.dueFen
    ? { ok: false, problems: [{ path: 'discountFen', message: `must not exceed the subtotal (${so.subtotalFen} fen)`, code: 'discount.over_subtotal', params: { amountFen: so.subtotalFen } }] }
    : { ok: true, adjusted: take(so, { kind: 'manual-discount', amountFen: request.discountFen }) };

/** A member's discount on the lines it applies to, each at most the line's amount. */
export const memberDiscount: AdjustmentApplier = (so, request) => ({
  ok: true,
  adjusted: (request.memberDiscounts ?? []).reduce(
    (adjusted, d) => take(adjusted, { kind: 'member-discount', amountFen: Math.min(d.amountFen, adjusted.dueFen), membershipId: d.membershipId, lineIndex: d.lineIndex, percent: d.percent }),
    so,
  ),
});

/**
 * The coupon, after the member's and the front desk's discounts: its minimum spend is met by what
 * the patient would still pay, never by a list price nobody pays.
 */
export const couponDiscount: AdjustmentApplier = (so, request) => {
  const claim = request.coupon;
  if (!claim) return { ok: true, adjusted: so };
  if (so.dueFen < claim.minSpendFen) {
    return { ok: false, problems: [{ path: 'couponCode', message: `needs a spend of at least ${claim.minSpendFen} fen; this visit comes to ${so.dueFen} fen`, code: 'coupon.min_spend', params: { amountFen: claim.minSpendFen } }] };
  }
  return { ok: true, adjusted: take(so, { kind: 'coupon', amountFen: couponAmountFen(claim, so.dueFen), code: claim.code }) };
};

/**
 * Points last of the discounts: the owner's cap is a share of what the patient would otherwise
 * pay, so it is taken of what every other discount left.
 */
export const pointsDiscount: AdjustmentApplier = (so, request) => {
  const spend = request.points;
  if (!spend || spend.points === 0) return { ok: true, adjusted: so };
  const valueFen = pointsValueFen(spend.rules, spend.points);
  if (valueFen === undefined) {
    return { ok: false, problems: [{ path: 'pointsToSpend', message: `must be a multiple that makes whole fen (${spend.rules.spendPointsPerYuan} points = ¥1)`, code: 'points.not_whole_fen', params: { pointsPerYuan: spend.rules.spendPointsPerYuan } }] };
  }
  const capFen = pointsCapFen(spend.rules, so.dueFen);
  if (valueFen > capFen) {
    return { ok: false, problems: [{ path: 'pointsToSpend', message: `are worth ${valueFen} fen, more than the ${spend.rules.maxSharePercent}% of this bill points may pay (${capFen} fen)`, code: 'points.over_cap', params: { amountFen: capFen, percent: spend.rules.maxSharePercent } }] };
  }
  return { ok: true, adjusted: take(so, { kind: 'points', amountFen: valueFen, points: spend.points }) };
};

/** In order: each applier sees what the ones before it left to pay. */
export const checkoutAdjusters: readonly AdjustmentApplier[] = [memberDiscount, manualDiscount, couponDiscount, pointsDiscount];

export const applyAdjustments = (
  subtotalFen: number,
  request: AdjustmentRequest,
  appliers: readonly AdjustmentApplier[] = checkoutAdjusters,
): { ok: true; adjusted: Adjusted } | { ok: false; problems: FieldProblem[] } => {
  let adjusted: Adjusted = { subtotalFen, dueFen: subtotalFen, adjustments: [] };
  for (const apply of appliers) {
    const result = apply(adjusted, request);
    if (!result.ok) return result;
    adjusted = result.adjusted;
  }
  return { ok: true, adjusted };
};

/** The visit's `memberDiscountFen`. */
export const memberDiscountFen = (adjustments: readonly Adjustment[]): number =>
  adjustments.filter((a) => a.kind === 'member-discount').reduce((sum, a) => sum + a.amountFen, 0);

/** The visit's `discountFen`: what the front desk took off by hand. */
export const manualDiscountFen = (adjustments: readonly Adjustment[]): number =>
  adjustments.filter((a) => a.kind === 'manual-discount').reduce((sum, a) => sum + a.amountFen, 0);

/** The visit's `couponDiscountFen`. */
export const couponDiscountFen = (adjustments: readonly Adjustment[]): number =>
  adjustments.filter((a) => a.kind === 'coupon').reduce((sum, a) => sum + a.amountFen, 0);

/** The visit's `pointsDiscountFen`. */
export const pointsDiscountFen = (adjustments: readonly Adjustment[]): number =>
  adjustments.filter((a) => a.kind === 'points').reduce((sum, a) => sum + a.amountFen, 0);
