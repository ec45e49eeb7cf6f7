/** Queries of the automations' message lists (the outbox page), and the send-ledger entries they answer. */
import * as z from 'zod';
import { messagePurposes, type MessagePurpose } from '../domain/messaging/purposes.js';

export const purposeSchema = z.enum(messagePurposes, { error: `must be one of ${messagePurposes.join(', ')}` });

const isoDay = z.iso.date({ error: 'must be a date YYYY-MM-DD' });

export const ledgerListQuerySchema = z
  .strictObject({
    purpose: purposeSchema,
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2048).optional(),
    /** only entries with this status */
    status: z.enum(['claimed', 'sent', 'failed', 'deferred', 'skipped', 'unknown']).optional(),
    /** decided on or after this day (UTC+8 clinics: the list is by decision time) */
    from: isoDay.optional(),
    /** decided on or before this day */
    to: isoDay.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], error: 'must not be before from', params: { code: 'date.order' } });

export type LedgerListQuery = z.infer<typeof ledgerListQuerySchema>;

export const patientMessagesQuerySchema = z.strictObject({ purpose: purposeSchema.optional() });

/**
 * `unknown`: a marketing message whose process died after handing it to the channel and before
 * recording the channel's id; it may have gone out, so it is never resent (the claim sweep).
 */
export type LedgerStatus = 'claimed' | 'sent' | 'failed' | 'deferred' | 'skipped' | 'unknown';
export type LedgerDecision = { at: string; kind: 'send' | 'skip' | 'defer' | 'failed' | 'unknown'; reason?: string };

/** One send-ledger entry as GET /messages and GET /patients/{id}/messages list it. */
export type LedgerListEntry = {
  patientId: string;
  clinicId: string;
  purpose: MessagePurpose;
  occasion: string;
  status: LedgerStatus;
  attempts?: number;
  decisions: LedgerDecision[];
  retryAt?: string;
  sentAt?: string;
  updatedAt?: string;
  /** the patient's name on the Messages page (masked for roles that see no contact details) */
  patientName?: string;
  /** the provider that carried it when not SNS: alibaba-sms, tencent-sms or wechat (issue 14) */
  channel?: string;
  /** the provider's delivery receipt, when one came back (issue 14) */
  delivery?: { status: 'delivered' | 'failed'; at: string; code?: string };
};
