/**
 * Visit packs (次卡, issue 11 item 5): "5 cleanings for ¥X, valid 12 months". The owner defines
 * pack products, versioned like plans; a pack sold keeps the terms, price and refund rule it was
 * sold with (invariant 13) and counts its remaining uses down at checkout.
 */
import * as z from 'zod';
import { isoDateTimeSchema, nameSchema } from './common.js';
import { fenSchema } from './catalog.js';
import { paymentInputSchema } from './visit.js';

const codeSchema = z.string().trim().regex(/^[a-z0-9-]{2,40}$/, { error: 'must be a catalog procedure code (2–40 lower-case letters, digits or -)' });

export const packRefundRuleSchema = z.strictObject({
  /** the unused uses' share of the price paid, never below 0 */
  kind: z.literal('pro-rata-unused'),
});

export const packTermsSchema = z.strictObject({
  name: nameSchema,
  procedureCode: codeSchema,
  count: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(100, { error: 'must be at most 100' }),
  priceFen: fenSchema.refine((v) => v > 0, { error: 'must be more than zero' }),
  validityMonths: z.number({ error: 'must be a number' }).int({ error: 'must be whole months' }).min(1, { error: 'must be at least 1' }).max(60, { error: 'must be at most 60' }),
  /** absent: every clinic of the chain sells and honours it */
  clinicIds: z.array(z.string().min(1).max(40)).min(1).max(100).optional(),
  refundRule: packRefundRuleSchema.default({ kind: 'pro-rata-unused' }),
  active: z.boolean().default(true),
});
export type PackTerms = z.infer<typeof packTermsSchema>;

export const packProductUpdateSchema = z.strictObject({ version: z.number().int().min(1), terms: packTermsSchema });

export type PackProduct = PackTerms & { productId: string; version: number; updatedAt: string; updatedBy: string };

export const sellPackSchema = z.strictObject({
  productId: z.string().min(1).max(40),
  clinicId: z.string().min(1).max(40),
  payments: z.array(paymentInputSchema).min(1).max(6),
  /** when the patient acknowledged the written contract and its refund rule */
  acknowledgedAt: isoDateTimeSchema,
  /** the same key twice sells one pack (a retried sale never charges twice) */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'must be 8–64 letters, digits, - or _' }).optional(),
});
export type SellPackInput = z.infer<typeof sellPackSchema>;

export const cancelPackSchema = z.strictObject({
  /** true: answer the amount due without writing anything */
  preview: z.boolean().default(false),
  reason: z.string().trim().min(2, { error: 'must say why (at least 2 characters)' }).max(200).optional(),
  refund: z.strictObject({ method: z.enum(['cash', 'card', 'wechat', 'alipay', 'stored-value']), amountFen: fenSchema }).optional(),
});
export type CancelPackInput = z.infer<typeof cancelPackSchema>;

/** A pack as sold, in the patient's partition; `remaining` is the counter every use and void changes. */
export type Pack = {
  packId: string;
  patientId: string;
  productId: string;
  productVersion: number;
  /** the product's terms as sold: later edits never change them */
  terms: PackTerms;
  /** the clinic that sold it: where its unearned value is owed */
  clinicId: string;
  startDate: string;
  /** exclusive: usable on days before this one */
  endDate: string;
  remaining: number;
  pricePaidFen: number;
  payments: z.infer<typeof paymentInputSchema>[];
  storedValueDebit?: { entryId: string; at: string; principalFen: number; bonusFen: number; clinicId: string };
  soldBy: string;
  soldAt: string;
  acknowledgedAt: string;
  status: 'active' | 'cancelled';
  cancelledAt?: string;
  cancelledBy?: string;
  cancelReason?: string;
  refund?: { method: string; amountFen: number };
  version: number;
};

/** One line a pack paid for: what a void needs to give back exactly, and the owner's liability it moved. */
export type PackUse = {
  packId: string;
  patientId: string;
  lineIndex: number;
  procedureCode: string;
  count: number;
  /** the pack's remaining uses as read: the write holds only if unchanged (exact liability) */
  remainingRead: number;
  /** the unearned value this use earned (the liability it took off the pack's clinic) */
  earnedFen: number;
  clinicId: string;
  /** the pack's expiry: the liability bucket the use moves */
  endDate: string;
  listValueFen: number;
  visitId?: string;
};
