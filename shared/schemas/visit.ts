import * as z from 'zod';
import { isoDateSchema, isoDateTimeSchema, textSchema } from './common.js';
import { coded } from './error-codes.js';
import type { Appointment } from './appointment.js';
import { fenSchema, type ProcedureCategory } from './catalog.js';
import type { LifecycleStage, Patient } from './patient.js';
import type { FollowUpTask } from './task.js';
import type { PackUse } from './packs.js';
import type { EntitlementUse } from '../domain/members/entitlements.js';
import { couponCodeSchema, type CouponRedemption } from './coupons.js';
import type { VisitPoints } from './points.js';

/** FDI tooth numbers: permanent 11–48, primary 51–85. */
const toothSchema = z.string().regex(/^([1-4][1-8]|[5-8][1-5])$/, { error: coded('tooth.invalid', 'must be an FDI tooth number such as 36') });

/** 'stored-value' debits the patient's 储值 balance in the checkout's own transaction. */
export const paymentMethods = ['cash', 'card', 'wechat', 'alipay', 'installment', 'stored-value'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

const installmentSchema = z.strictObject({ dueDate: isoDateSchema, amountFen: fenSchema.refine((v) => v > 0, { error: 'must be more than zero', params: { code: 'money.not_positive' } }) });

export const paymentInputSchema = z.strictObject({
  method: z.enum(paymentMethods, { error: `must be one of ${paymentMethods.join(', ')}` }),
  amountFen: fenSchema.refine((v) => v > 0, { error: 'must be more than zero', params: { code: 'money.not_positive' } }),
  /** for method 'installment': when each part is due (the clinic's calendar days) */
  schedule: z.array(installmentSchema).min(1).max(36).optional(),
  /** e.g. the last digits of a WeChat Pay transaction */
  reference: textSchema().max(64).optional(),
});

export const visitLineInputSchema = z.strictObject({
  procedureId: z.string().min(1).max(40),
  quantity: z.number().int({ error: 'must be a whole number' }).min(1).max(32).default(1),
  teeth: z.array(toothSchema).max(32).default([]),
  discountFen: fenSchema.default(0),
});

export const checkoutSchema = z.strictObject({
  clinicId: z.string().min(1).max(40),
  /** the treating dentist's staff user id */
  dentistId: z.string().min(1).max(64),
  appointmentId: z.string().min(1).max(40).optional(),
  /** defaults to now; a visit may be entered late, up to 30 days back, never ahead */
  visitedAt: isoDateTimeSchema.optional(),
  lines: z.array(visitLineInputSchema).min(1, { error: coded('lines.required', 'must have at least one procedure') }).max(30),
  discountFen: fenSchema.default(0),
  /** a coupon of this patient's, redeemed with the visit */
  couponCode: couponCodeSchema.optional(),
  /** points (积分) spent as a discount, within the owner's cap; the balance must hold them (409) */
  pointsToSpend: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must not be negative' }).max(10_000_000, { error: 'must be at most 10,000,000' }).optional(),
  payments: z.array(paymentInputSchema).max(6).default([]),
  notes: textSchema({ multiline: true }).max(1000).default(''),
  /** the same key twice records one visit (a retried checkout never charges twice) */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'must be 8–64 letters, digits, - or _' }).optional(),
});
export type CheckoutInput = z.infer<typeof checkoutSchema>;
export type PaymentInput = z.infer<typeof paymentInputSchema>;

export type VisitLine = {
  procedureId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  category: ProcedureCategory;
  quantity: number;
  teeth: string[];
  unitPriceFen: number;
  discountFen: number;
  amountFen: number;
  /** a membership entitlement paid for this line (amountFen 0); listValueFen is what it would have cost */
  coveredBy?: { membershipId: string; entitlementKey: string; listValueFen: number };
  /** a visit pack (次卡) paid for this line (amountFen 0): one of its uses, listValueFen what it would have cost */
  packCover?: { packId: string; listValueFen: number };
};

export type Visit = {
  visitId: string;
  patientId: string;
  clinicId: string;
  dentistId?: string;
  appointmentId?: string;
  visitedAt: string;
  source: 'checkout' | 'import';
  lines: VisitLine[];
  subtotalFen: number;
  discountFen: number;
  totalFen: number;
  payments: PaymentInput[];
  notes: string;
  createdBy: string;
  createdAt: string;
  /** a visit recorded by mistake is voided (红冲), never deleted: it stays visible, it counts nothing */
  voidedAt?: string;
  voidedBy?: string;
  voidReason?: string;
  /** entitlements this visit used, so a void gives back exactly these (invariant 13) */
  memberUses?: EntitlementUse[];
  /** what member discounts took off, besides the front desk's discountFen */
  memberDiscountFen?: number;
  /** the stored-value debit that paid part of it (its ledger entry), so a void restores exactly that */
  storedValueDebit?: StoredValueDebit;
  /** the coupon redeemed (given back on void) and what it took off */
  coupon?: CouponRedemption;
  couponDiscountFen?: number;
  /** what points took off, how many, and the account change a void reverses */
  pointsDiscountFen?: number;
  pointsSpent?: number;
  points?: VisitPoints;
  /** visit-pack uses, so a void gives back exactly these (invariant 13) */
  packUses?: PackUse[];
};

/** A checkout's stored-value payment as it took from the two balances (negative deltas). */
/** `clinicId` is the patient's own clinic at checkout: stored value is owed per clinic (the Members page's liability), and a void gives it back there. */
export type StoredValueDebit = { entryId: string; at: string; principalFen: number; bonusFen: number; clinicId: string };

/** GET /patients/{patientId}/visits */
export const visitListQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const visitVoidSchema = z.strictObject({
  reason: textSchema().min(2, { error: coded('visit.reason_short', 'must say why (at least 2 characters)') }).max(200, { error: 'must be at most 200 characters' }),
});

export type PatientSummary = {
  firstVisitAt?: string;
  lastVisitAt?: string;
  lastVisitClinicId?: string;
  visitCount: number;
  totalSpendFen: number;
};

/** One part of an installment plan sold at checkout. */
export type InstallmentPart = {
  visitId: string; patientId: string; clinicId: string; n: number; dueDate: string; amountFen: number; status: 'due' | 'paid';
  /** when the reminder job handed the part's reminder to the send ledger (it left the reminder queue then) */
  remindedAt?: string;
};

export type TimelineEntry =
  | { kind: 'visit'; at: string; visit: Visit }
  | { kind: 'appointment'; at: string; appointment: Appointment }
  | { kind: 'task'; at: string; task: FollowUpTask }
  | { kind: 'installment'; at: string; installment: InstallmentPart };

/** A recall group's next due date, and the visit it was worked out from. */
export type RecallDue = { group: string; dueDate: string; basedOnVisitId: string };

/** GET /patients/{id}/timeline: the profile, its summary and recalls, and every entry newest first. */
export type PatientTimeline = {
  /** absent only if the profile item is missing from the patient's partition */
  patient?: Patient;
  summary: { visitCount: number; totalSpendFen: number; firstVisitAt?: string; lastVisitAt?: string; lifecycleStage: LifecycleStage };
  recalls: RecallDue[];
  items: TimelineEntry[];
};

/**
 * POST /patients/{patientId}/visits/preview: the checkout's body without payments or key, priced
 * as the checkout would price it, writing nothing. The dentist may still be unchosen.
 */
export const checkoutPreviewSchema = checkoutSchema.omit({ payments: true, idempotencyKey: true }).extend({ dentistId: checkoutSchema.shape.dentistId.optional() });
export type CheckoutPreviewInput = z.infer<typeof checkoutPreviewSchema>;

/** What the preview answers: the lines and totals the checkout would record, and (for roles that see money) the stored value. */
export type CheckoutPreview = {
  lines: VisitLine[];
  /** the lines at list price before anything is taken off */
  listTotalFen: number;
  /** what the lines come to after their own discounts and the card's coverage */
  subtotalFen: number;
  discountFen: number;
  memberDiscountFen: number;
  couponDiscountFen: number;
  totalFen: number;
  coupon?: CouponRedemption;
  /** the patient's 储值 balance now; left out for roles that may not see money */
  storedValue?: { principalFen: number; bonusFen: number; totalFen: number };
};
