/**
 * Coupons (优惠券, issue 11 item 6): a definition the owner or a manager sets (amount or percent
 * off, minimum spend, eligible procedures or categories, validity, clinic scope), and coupons
 * issued one per patient with a random code, each remembering who or what issued it so its
 * redemption can be attributed. Shared by the API and the dashboard.
 */
import * as z from 'zod';
import { isoDateSchema, nameSchema } from './common.js';
import { coded } from './error-codes.js';
import { fenSchema, procedureCategories, type ProcedureCategory } from './catalog.js';

const positiveFen = fenSchema.refine((v) => v > 0, { error: 'must be more than zero', params: { code: 'money.not_positive' } });

export const couponValueSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('amount'), amountFen: positiveFen }),
  z.strictObject({ kind: z.literal('percent'), percent: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be 1–100' }).max(100, { error: 'must be 1–100' }) }),
], { error: 'must be {kind: amount, amountFen} or {kind: percent, percent}' });
export type CouponValue = z.infer<typeof couponValueSchema>;

/** Either a number of days from issue, or fixed dates (the clinic's calendar). */
export const couponValiditySchema = z.union([
  z.strictObject({ days: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(3660, { error: 'must be at most 3660' }) }),
  z.strictObject({ from: isoDateSchema, until: isoDateSchema }).refine((v) => v.from <= v.until, { error: 'must not end before it starts', path: ['until'] }),
], { error: 'must be {days} or {from, until}' });
export type CouponValidity = z.infer<typeof couponValiditySchema>;

export const couponDefinitionInputSchema = z.strictObject({
  name: nameSchema,
  value: couponValueSchema,
  minSpendFen: fenSchema.default(0),
  /** empty: every procedure; otherwise a line is eligible if its procedure or its category is listed */
  procedureIds: z.array(z.string().min(1).max(40)).max(50).default([]),
  categories: z.array(z.enum(procedureCategories, { error: `must be one of ${procedureCategories.join(', ')}` })).max(procedureCategories.length).default([]),
  validity: couponValiditySchema,
  /** empty: every clinic of the chain */
  clinicIds: z.array(z.string().min(1).max(40)).max(50).default([]),
});
export type CouponDefinitionInput = z.infer<typeof couponDefinitionInputSchema>;

export type CouponDefinition = Omit<CouponDefinitionInput, 'categories'> & {
  categories: ProcedureCategory[];
  definitionId: string;
  active: boolean;
  createdAt: string;
  createdBy: string;
};

export const couponIssuerKinds = ['staff', 'automation', 'referral', 'campaign'] as const;
export type CouponIssuer = { kind: (typeof couponIssuerKinds)[number]; id: string };

export const couponIssueSchema = z.strictObject({
  definitionId: z.string().min(1).max(40),
  /** who or what the redemption is attributed to; by default the staff member issuing it */
  issuedBy: z.strictObject({ kind: z.enum(couponIssuerKinds, { error: `must be one of ${couponIssuerKinds.join(', ')}` }), id: z.string().min(1).max(64) }).optional(),
});
export type CouponIssueInput = z.infer<typeof couponIssueSchema>;

/** A code as typed at the till: the alphabet of the codes issued (Crockford base32), 10–32 characters. */
export const couponCodeSchema = z.string().trim().toUpperCase().regex(/^[0-9A-HJKMNP-TV-Z]{10,32}$/, { error: coded('coupon.not_found', 'is not a coupon code (10–32 letters and digits)') });

export type CouponStatus = 'issued' | 'redeemed';

/** One issued coupon, in its patient's partition, with the definition's terms frozen at issue. */
export type Coupon = {
  code: string;
  patientId: string;
  definitionId: string;
  name: string;
  value: CouponValue;
  minSpendFen: number;
  procedureIds: string[];
  categories: ProcedureCategory[];
  clinicIds: string[];
  validFrom: string;
  expiresOn: string;
  status: CouponStatus;
  issuedBy: CouponIssuer;
  issuedAt: string;
  redeemedAt?: string;
  visitId?: string;
};

/** What a visit records of the coupon it redeemed: given back on void, attributed to its issuer. */
export type CouponRedemption = { code: string; definitionId: string; amountFen: number; issuedBy: CouponIssuer };
