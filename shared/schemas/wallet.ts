/** Stored value (储值) requests and responses, shared by the API and the dashboard. */
import * as z from 'zod';
import type { WalletEntryKind } from '../domain/wallet/ledger.js';
import { fenSchema } from './catalog.js';
import { idSchema } from './common.js';

const positiveFen = fenSchema.refine((v) => v > 0, { error: 'must be more than zero' });
const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'must be 8–64 letters, digits, - or _' }).optional();
const reasonSchema = z.string({ error: 'must be text' }).trim().min(1, { error: 'is required' }).max(200, { error: 'must be at most 200 characters' });

/** Money actually paid in or back: stored value is never topped up with stored value or installments. */
export const walletMethods = ['cash', 'card', 'wechat', 'alipay'] as const;
export type WalletMethod = (typeof walletMethods)[number];
const methodSchema = z.enum(walletMethods, { error: `must be one of ${walletMethods.join(', ')}` });

export const walletTopUpSchema = z.strictObject({ amountFen: positiveFen, method: methodSchema, idempotencyKey: idempotencyKeySchema });
export type WalletTopUpInput = z.infer<typeof walletTopUpSchema>;

export const walletDebitSchema = z.strictObject({ amountFen: positiveFen, reason: reasonSchema, visitId: z.string().min(1).max(40).optional(), idempotencyKey: idempotencyKeySchema });
export type WalletDebitInput = z.infer<typeof walletDebitSchema>;

/** amountFen: by default all the principal left. */
export const walletRefundSchema = z.strictObject({ amountFen: positiveFen.optional(), method: methodSchema, idempotencyKey: idempotencyKeySchema });
export type WalletRefundInput = z.infer<typeof walletRefundSchema>;

export const walletTransferSchema = z.strictObject({ toPatientId: idSchema, amountFen: positiveFen, idempotencyKey: idempotencyKeySchema });
export type WalletTransferInput = z.infer<typeof walletTransferSchema>;

export const walletVoidSchema = z.strictObject({ reason: reasonSchema });

export const walletQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, { error: 'must be 1–100' }).max(100, { error: 'must be 1–100' }).default(25),
  cursor: z.string().max(2048).optional(),
});

const tierSchema = z.strictObject({ thresholdFen: positiveFen, bonusFen: positiveFen });
export const walletRulesInputSchema = z.strictObject({
  tiers: z.array(tierSchema).max(20, { error: 'must have at most 20 tiers' }),
  debitOrder: z.enum(['principal-first', 'proportional'], { error: 'must be principal-first or proportional' }),
  /** months a top-up's bonus stays valid; null or absent: the bonus never lapses */
  bonusValidMonths: z.number({ error: 'must be a number of months' }).int({ error: 'must be a whole number of months' }).min(1, { error: 'must be at least 1 month' }).max(60, { error: 'must be at most 60 months' }).nullable().optional(),
  /** the version read; a rule set changed meanwhile answers 409 */
  expectedVersion: z.number().int({ error: 'must be a whole number' }).min(0, { error: 'must not be negative' }),
});
export type WalletRulesInput = z.infer<typeof walletRulesInputSchema>;

export type WalletRulesView = { tiers: { thresholdFen: number; bonusFen: number }[]; debitOrder: 'principal-first' | 'proportional'; bonusValidMonths?: number; version: number; updatedAt?: string; updatedBy?: string };

export type WalletEntry = {
  entryId: string;
  kind: WalletEntryKind;
  /** signed: negative takes value out */
  principalFen: number;
  bonusFen: number;
  at: string;
  by: string;
  method?: WalletMethod;
  reason?: string;
  visitId?: string;
  /** the other member of a transfer */
  counterpartPatientId?: string;
  /** a top-up's bonus is valid through this day (clinic time), when the owner set a validity */
  bonusExpiresOn?: string;
  /** the debit a void gave back */
  refEntryId?: string;
  voidedAt?: string;
  /** a checkout's payment: given back only by voiding the visit, never on its own */
  source?: 'checkout';
};

/** bonusExpiring: the bonus still valid that will lapse, soonest first (empty when bonus never lapses) */
export type WalletView = { patientId: string; principalFen: number; bonusFen: number; totalFen: number; version: number; bonusExpiring: { expiresOn: string; fen: number }[]; entries: WalletEntry[]; cursor?: string };
/** What a change answers: the entry written (or found again by its idempotency key) and the balances after. */
export type WalletChange = { entry: WalletEntry; principalFen: number; bonusFen: number; replayed: boolean };
