/**
 * The demo chain's coupons (issue 11, item 6): three coupon types, and coupons issued to about
 * one patient in ten — by the front desk, or by the birthday automation — most ahead of a return
 * visit and redeemed at it (when the checkout would take it), the others after a visit, left to
 * expire or still open. A redeemed coupon
 * is priced into that visit exactly as the checkout does it (claimCoupon, couponAmountFen: the
 * total, the payments and the visit's coupon fields), before summaries and rollups are taken from
 * the visits, so every number agrees. Pure and deterministic with its own random source, so the
 * rest of the history is unchanged by it.
 */
import { claimCoupon, couponAmountFen, couponDates } from '../../shared/domain/coupons/coupon.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { Coupon, CouponDefinition, CouponIssuer } from '../../shared/schemas/coupons.js';
import type { Visit } from '../../shared/schemas/visit.js';
import type { DemoRandom } from './demo-history-random.js';

export const demoCouponShare = { issued: 0.1, redeemedAtNextVisit: 0.6 } as const;

type Kind = { name: string; value: CouponDefinition['value']; minSpendFen: number; days: number; issuer: 'staff' | 'birthday' };
const kinds: readonly Kind[] = [
  { name: '复诊立减50元', value: { kind: 'amount', amountFen: 5_000 }, minSpendFen: 20_000, days: 90, issuer: 'staff' },
  { name: '老客户9折券', value: { kind: 'percent', percent: 10 }, minSpendFen: 0, days: 60, issuer: 'staff' },
  { name: '生日礼券100元', value: { kind: 'amount', amountFen: 10_000 }, minSpendFen: 50_000, days: 30, issuer: 'birthday' },
];

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const codeOf = (random: DemoRandom): string => Array.from({ length: 12 }, () => alphabet[random.int(0, 31)]).join('');

/** The chain's coupon types, as the owner would have defined them when the history starts. */
export const demoCouponDefinitions = (random: DemoRandom, input: { at: string; by: string }): CouponDefinition[] =>
  kinds.map((k) => ({
    definitionId: random.id(Date.parse(input.at)), name: k.name, value: k.value, minSpendFen: k.minSpendFen, procedureIds: [], categories: [],
    validity: { days: k.days }, clinicIds: [], active: true, createdAt: input.at, createdBy: input.by,
  }));

/** Takes `fen` off a visit's payments, last first (the checkout's total is what was paid). */
const lessPaid = (payments: Visit['payments'], fen: number): Visit['payments'] => {
  let left = fen;
  const out = [...payments].reverse().map((p) => {
    const off = Math.min(left, p.amountFen);
    left -= off;
    return { ...p, amountFen: p.amountFen - off };
  });
  return out.reverse().filter((p) => p.amountFen > 0);
};

/** Prices the coupon into the visit as the checkout would; undefined when the checkout would refuse it. */
const redeemAt = (coupon: Coupon, visit: Visit, day: string): Visit | undefined => {
  const claim = claimCoupon(coupon, { clinicId: visit.clinicId, day, lines: visit.lines });
  if (!claim.ok || visit.totalFen < coupon.minSpendFen || visit.voidedAt) return undefined;
  const amountFen = couponAmountFen(claim.claim, visit.totalFen);
  if (amountFen <= 0) return undefined;
  return {
    ...visit, totalFen: visit.totalFen - amountFen, payments: lessPaid(visit.payments, amountFen),
    coupon: { code: coupon.code, definitionId: coupon.definitionId, amountFen, issuedBy: coupon.issuedBy }, couponDiscountFen: amountFen,
  };
};

/**
 * One patient's coupon, if any: sent ahead of the next visit and redeemed at it when the checkout
 * would take it, or the day after a visit and left open (expired once past its last day).
 * `visits` (oldest first) is changed in place where a coupon is redeemed.
 */
export const demoCouponFor = (random: DemoRandom, input: { definitions: readonly CouponDefinition[]; visits: Visit[]; today: string; frontdeskId: string }): Coupon | undefined => {
  const { visits } = input;
  if (visits.length === 0 || !random.chance(demoCouponShare.issued)) return undefined;
  const i = random.int(0, visits.length - 1);
  const after = visits[i] as Visit;
  const next = visits[i + 1];
  const k = random.int(0, kinds.length - 1);
  const definition = input.definitions[k] as CouponDefinition;
  // Most coupons go out ahead of a return visit (a recall or birthday offer) and are used at it;
  // the others after a visit, and mostly run out unused.
  const ahead = next !== undefined && random.chance(demoCouponShare.redeemedAtNextVisit);
  const sentAt = ahead ? Math.max(Date.parse(after.visitedAt) + 3_600_000, Date.parse(next.visitedAt) - random.int(2, 25) * 86_400_000) : Date.parse(after.visitedAt) + 86_400_000;
  const issuedAt = new Date(sentAt).toISOString();
  const issueDay = localDay(new Date(issuedAt), defaultTimeZone);
  if (issueDay >= input.today) return undefined;
  const issuedBy: CouponIssuer = kinds[k]?.issuer === 'birthday' ? { kind: 'automation', id: 'birthday' } : { kind: 'staff', id: input.frontdeskId };
  const { validFrom, expiresOn } = couponDates(definition.validity, issueDay);
  const coupon: Coupon = {
    code: codeOf(random), patientId: after.patientId, definitionId: definition.definitionId, name: definition.name, value: definition.value, minSpendFen: definition.minSpendFen,
    procedureIds: [], categories: [], clinicIds: [], validFrom, expiresOn, status: 'issued', issuedBy, issuedAt,
  };
  if (!ahead || !next) return coupon;
  const day = localDay(new Date(next.visitedAt), defaultTimeZone);
  const redeemed = redeemAt(coupon, next, day);
  if (!redeemed) return coupon;
  visits[i + 1] = redeemed;
  return { ...coupon, status: 'redeemed', redeemedAt: next.visitedAt, visitId: next.visitId };
};
