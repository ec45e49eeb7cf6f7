/**
 * Commercial-insurance claims after treatment (seed 000, 策略三): created by the desk, tracked
 * while submitted, closed as paid or rejected. Amounts in fen.
 */
import * as z from 'zod';
import { fenSchema } from './catalog.js';
import { textSchema, versionSchema } from './common.js';
import { coded } from './error-codes.js';

export const claimStatuses = ['submitted', 'paid', 'rejected'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

export const claimCreateSchema = z.strictObject({
  insurer: textSchema().min(1, { error: 'is required' }).max(60, { error: 'must be at most 60 characters' }),
  amountFen: fenSchema.refine((v) => v > 0, { error: 'must be more than zero', params: { code: 'money.not_positive' } }),
  /** the visit the claim is for, when there is one */
  visitId: z.string().min(1).max(40).optional(),
  note: textSchema().max(200, { error: 'must be at most 200 characters' }).default(''),
});
export type ClaimCreate = z.infer<typeof claimCreateSchema>;

/** Closing a submitted claim: paid (what the insurer paid, the claimed amount unless said) or rejected. */
export const claimUpdateSchema = z.strictObject({
  status: z.enum(['paid', 'rejected'], { error: coded('enum.invalid', 'must be paid or rejected') }),
  paidFen: fenSchema.optional(),
  version: versionSchema,
});
export type ClaimUpdate = z.infer<typeof claimUpdateSchema>;

export const openClaimsQuerySchema = z.strictObject({ clinicId: z.string().min(1).max(200).optional() });

export type InsuranceClaim = {
  claimId: string; patientId: string; clinicId: string; visitId?: string; insurer: string; amountFen: number; note: string;
  status: ClaimStatus; paidFen?: number; createdAt: string; createdBy: string; closedAt?: string; closedBy?: string; version: number;
  /** on open-claims lists: the patient's name */
  patientName?: string;
};
