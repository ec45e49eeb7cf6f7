/** Queries of the automations' message lists (the outbox page). */
import * as z from 'zod';
import { messagePurposes } from '../domain/messaging/purposes.js';

export const purposeSchema = z.enum(messagePurposes, { error: `must be one of ${messagePurposes.join(', ')}` });

export const ledgerListQuerySchema = z.strictObject({
  purpose: purposeSchema,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export const patientMessagesQuerySchema = z.strictObject({ purpose: purposeSchema.optional() });
