/**
 * Coupons as pure steps: the dates a coupon is valid for when issued, whether it may be redeemed
 * at this checkout (unused, in its dates, in its clinic scope, on an eligible line) and how much it
 * takes off what is still due. Every refusal names the field `couponCode` and a stable code.
 */
import type { FieldProblem } from '../errors.js';
import { addDays } from '../time.js';
import type { Coupon, CouponValidity, CouponValue } from '../../schemas/coupons.js';
import type { VisitLine } from '../../schemas/visit.js';

const path = 'couponCode';

/** From the day of issue: `days` runs that many days including it; fixed dates are taken as they are. */
export const couponDates = (validity: CouponValidity, issuedDay: string): { validFrom: string; expiresOn: string } =>
  'days' in validity ? { validFrom: issuedDay, expiresOn: addDays(issuedDay, validity.days - 1) } : { validFrom: validity.from, expiresOn: validity.until };

/** What a checkout hands the coupon applier: the coupon's value and how much of the lines it may apply to. */
export type CouponClaim = { code: string; value: CouponValue; minSpendFen: number; eligibleFen: number };

const eligible = (coupon: Pick<Coupon, 'procedureIds' | 'categories'>, line: Pick<VisitLine, 'procedureId' | 'category'>): boolean =>
  (coupon.procedureIds.length === 0 && coupon.categories.length === 0) || coupon.procedureIds.includes(line.procedureId) || coupon.categories.includes(line.category);

/** Whether this coupon may be used at this checkout, and on how much of the priced lines. */
export const claimCoupon = (
  coupon: Coupon,
  at: { clinicId: string; day: string; lines: readonly Pick<VisitLine, 'procedureId' | 'category' | 'amountFen'>[] },
): { ok: true; claim: CouponClaim } | { ok: false; problem: FieldProblem } => {
  const refuse = (message: string, code: FieldProblem['code'], params?: FieldProblem['params']) => ({ ok: false as const, problem: { path, message, code, ...(params ? { params } : {}) } });
  if (coupon.status !== 'issued') return refuse('was already used', 'coupon.used');
  if (at.day > coupon.expiresOn) return refuse(`expired on ${coupon.expiresOn}`, 'coupon.expired', { date: coupon.expiresOn });
  if (at.day < coupon.validFrom) return refuse(`is valid only from ${coupon.validFrom}`, 'coupon.not_yet', { date: coupon.validFrom });
  if (coupon.clinicIds.length && !coupon.clinicIds.includes(at.clinicId)) return refuse('is not valid at this clinic', 'coupon.clinic');
  const eligibleFen = at.lines.filter((l) => eligible(coupon, l)).reduce((sum, l) => sum + l.amountFen, 0);
  if (eligibleFen === 0) return refuse('applies to none of the procedures of this visit', 'coupon.not_eligible');
  return { ok: true, claim: { code: coupon.code, value: coupon.value, minSpendFen: coupon.minSpendFen, eligibleFen } };
};

/**
 * What the coupon takes off: at most the eligible lines and at most what is still due. A percent
 * rounds down to the fen (the patient never pays a fraction; the clinic gives no extra fen).
 */
export const couponAmountFen = (claim: CouponClaim, dueFen: number): number => {
  const base = Math.min(claim.eligibleFen, dueFen);
  const off = claim.value.kind === 'amount' ? claim.value.amountFen : Math.floor((base * claim.value.percent) / 100);
  return Math.max(0, Math.min(off, base));
};
