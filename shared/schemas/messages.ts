/** Queries of the automations' message lists (the outbox page), and the send-ledger entries they answer. */
import * as z from 'zod';
import { messagePurposes, type MessagePurpose } from '../domain/messaging/purposes.js';

export const purposeSchema = z.enum(messagePurposes, { error: `must be one of ${messagePurposes.join(', ')}` });

export const ledgerListQuerySchema = z.strictObject({
  purpose: purposeSchema,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

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
};
