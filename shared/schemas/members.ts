/**
 * Membership plans and the memberships sold from them (issue 11, items 1–3). A plan's terms are
 * versioned: a membership keeps a frozen copy of the terms it was sold with (invariant 13).
 */
import * as z from 'zod';
import { isoDateSchema, isoDateTimeSchema, nameSchema } from './common.js';
import { fenSchema, procedureCategories } from './catalog.js';
import { paymentInputSchema } from './visit.js';

const codeSchema = z.string().trim().regex(/^[a-z0-9-]{2,40}$/, { error: 'must be a catalog procedure code (2–40 lower-case letters, digits or -)' });
const keySchema = z.string().trim().regex(/^[a-z0-9-]{1,30}$/, { error: 'must be 1–30 lower-case letters, digits or -' });

/** How much of an included service a term allows: a count (per term or per calendar month), or unlimited with a minimum interval (reasonable use). */
export const allowanceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('count'), count: z.number().int().min(1).max(366), per: z.enum(['term', 'month']).default('term') }),
  z.strictObject({ kind: z.literal('unlimited'), minIntervalDays: z.number().int().min(1, { error: 'must be at least 1 day' }).max(366) }),
]);
export type Allowance = z.infer<typeof allowanceSchema>;

export const includedServiceSchema = z.strictObject({
  /** names the entitlement in counters and ledgers; unique within the plan */
  key: keySchema,
  procedureCode: codeSchema,
  allowance: allowanceSchema,
  /** a family card shares the allowance among its members, or gives each member their own */
  sharing: z.enum(['shared', 'per-person']).default('shared'),
});
export type IncludedService = z.infer<typeof includedServiceSchema>;

/** Adjustments a member discount is not applied together with. */
export const nonCombinables = ['manual-discount'] as const;

export const memberDiscountSchema = z.strictObject({
  /** procedure categories the discount applies to; 'all' = every category (lines the card covers are free anyway) */
  categories: z.union([z.literal('all'), z.array(z.enum(procedureCategories)).min(1)]),
  percent: z.number({ error: 'must be a number' }).int({ error: 'must be a whole percentage' }).min(1, { error: 'must be at least 1' }).max(100, { error: 'must be at most 100' }),
  notCombinableWith: z.array(z.enum(nonCombinables)).default([]),
});
export type MemberDiscount = z.infer<typeof memberDiscountSchema>;

export const promotionSchema = z.strictObject({
  code: z.string().trim().regex(/^[A-Z0-9-]{3,30}$/, { error: 'must be 3–30 capital letters, digits or -' }),
  nameZh: z.string().trim().min(1).max(60),
  amountOffFen: fenSchema.refine((v) => v > 0, { error: 'must be more than zero' }),
  /** only the patient's first membership purchase */
  firstPurchaseOnly: z.boolean().default(true),
  /** within N days of the patient's first visit (首月 = 30), and/or between two dates */
  withinDaysOfFirstVisit: z.number().int().min(1).max(3650).optional(),
  validFrom: isoDateSchema.optional(),
  validUntil: isoDateSchema.optional(),
});
export type Promotion = z.infer<typeof promotionSchema>;

export const refundRuleSchema = z.strictObject({
  /** pro rata by the days left of the term, minus the list value of the entitlements used, never below 0 */
  kind: z.literal('pro-rata-minus-used'),
});
export type RefundRule = z.infer<typeof refundRuleSchema>;

/** What a plan sells; frozen on every membership sold from it. */
export const planTermsSchema = z.strictObject({
  name: nameSchema,
  priceFen: fenSchema.refine((v) => v > 0, { error: 'must be more than zero' }),
  termMonths: z.number().int({ error: 'must be whole months' }).min(1).max(60),
  /** absent: every clinic of the chain sells and honours it */
  clinicIds: z.array(z.string().min(1).max(40)).min(1).max(100).optional(),
  included: z.array(includedServiceSchema).max(20).default([]),
  discounts: z.array(memberDiscountSchema).max(10).default([]),
  /** granted to the referrer when the referred patient's first paid visit is checked out */
  referralReward: z.strictObject({ procedureCode: codeSchema, count: z.number().int().min(1).max(10) }).optional(),
  /** how many people one card covers, the holder included */
  family: z.strictObject({ maxMembers: z.number().int().min(1).max(10) }).default({ maxMembers: 1 }),
  refundRule: refundRuleSchema.default({ kind: 'pro-rata-minus-used' }),
  promotions: z.array(promotionSchema).max(10).default([]),
  /** days after the end in which a lapsed card may still be renewed from its old end */
  renewalGraceDays: z.number().int().min(0).max(365).default(30),
  active: z.boolean().default(true),
});
export type PlanTerms = z.infer<typeof planTermsSchema>;

export const planUpdateSchema = z.strictObject({ version: z.number().int().min(1), terms: planTermsSchema });

export type Plan = PlanTerms & { planId: string; version: number; updatedAt: string; updatedBy: string };

export const sellMembershipSchema = z.strictObject({
  planId: z.string().min(1).max(40),
  clinicId: z.string().min(1).max(40),
  /** the family members the card also covers (the holder is the patient in the path) */
  memberPatientIds: z.array(z.string().min(1).max(40)).max(9).default([]),
  promotionCode: z.string().trim().max(30).optional(),
  payments: z.array(paymentInputSchema).min(1).max(6),
  /** when the patient acknowledged the written contract and its refund rule */
  acknowledgedAt: isoDateTimeSchema,
  /** the same key twice sells one membership (a retried sale never charges twice) */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'must be 8–64 letters, digits, - or _' }).optional(),
});
export type SellMembershipInput = z.infer<typeof sellMembershipSchema>;

export const renewMembershipSchema = z.strictObject({
  clinicId: z.string().min(1).max(40),
  payments: z.array(paymentInputSchema).min(1).max(6),
  acknowledgedAt: isoDateTimeSchema,
});
export type RenewMembershipInput = z.infer<typeof renewMembershipSchema>;

export const cancelMembershipSchema = z.strictObject({
  /** true: answer the amount due without writing anything */
  preview: z.boolean().default(false),
  reason: z.string().trim().min(2, { error: 'must say why (at least 2 characters)' }).max(200).optional(),
  /** how the refund is paid back: required unless previewing */
  refund: z.strictObject({ method: z.enum(['cash', 'card', 'wechat', 'alipay', 'stored-value']), amountFen: fenSchema }).optional(),
});
export type CancelMembershipInput = z.infer<typeof cancelMembershipSchema>;

/** One paid term of a membership: the first sale or a renewal. */
export type MembershipTerm = {
  n: number;
  startDate: string;
  /** exclusive: the card covers days before this one */
  endDate: string;
  listPriceFen: number;
  pricePaidFen: number;
  promotionCode?: string;
  payments: z.infer<typeof paymentInputSchema>[];
  /** what a stored-value payment took, principal and bonus apart (negative fen, as in the wallet ledger) */
  storedValueDebit?: { entryId: string; at: string; principalFen: number; bonusFen: number; clinicId: string };
  clinicId: string;
  soldBy: string;
  soldAt: string;
  acknowledgedAt: string;
};

export type Membership = {
  membershipId: string;
  holderPatientId: string;
  /** the holder first, then the family members */
  memberPatientIds: string[];
  planId: string;
  planVersion: number;
  /** the plan's terms as sold: later plan edits never change them */
  terms: PlanTerms;
  /** the first day of the first term; term ends are counted from it, so month ends never drift */
  anchorDate: string;
  monthsPaid: number;
  endDate: string;
  periods: MembershipTerm[];
  status: 'active' | 'cancelled';
  cancelledAt?: string;
  cancelledBy?: string;
  cancelReason?: string;
  refund?: { method: string; amountFen: number };
  version: number;
  createdAt: string;
};
