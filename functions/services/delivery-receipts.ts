/**
 * Delivery receipts pushed by a provider (issue 14): the address's token is checked first (a wrong
 * one is 401 and nothing is read), then each report updates the message it names, in this chain,
 * when the provider's id matches (ledger repository's recordDelivery). The answer counts what
 * applied; the provider only needs to hear that it was received.
 */
import { alibabaDeliveryReports, fromLedgerReference, type alibabaReportSchema } from '../../shared/domain/channels/receipts.js';
import { DomainError } from '../../shared/domain/errors.js';
import { messagePurposes, type MessagePurpose } from '../../shared/domain/messaging/purposes.js';
import type { z } from 'zod';
import { receiptTokenValid } from '../adapters/channels/receipt-token.js';
import { recordDelivery } from '../adapters/dynamo/send-ledger-repository.js';
import { mapLimit } from '../lib/concurrency.js';

export const checkReceiptAddress = (tenantId: string, channel: string, token: string): void => {
  if (!receiptTokenValid(tenantId, channel, token)) throw new DomainError('unauthenticated', 'This receipt address is not one Smileloop gave out');
};

export const applyAlibabaReceipts = async (tenantId: string, body: z.infer<typeof alibabaReportSchema>, now: Date): Promise<{ applied: number; ignored: number }> => {
  const reports = alibabaDeliveryReports(body);
  const results = await mapLimit(reports, { limit: 8 }, async (report) => {
    const k = fromLedgerReference(report.reference);
    // A reference of another chain, or not ours at all, is ignored: the address is this chain's.
    if (!k || k.tenantId !== tenantId || !(messagePurposes as readonly string[]).includes(k.purpose)) return false;
    return recordDelivery({ ...k, purpose: k.purpose as MessagePurpose }, { channel: 'alibaba-sms', providerMessageId: report.providerMessageId, status: report.status, at: report.at ?? now.toISOString(), ...(report.code ? { code: report.code } : {}) });
  });
  const applied = results.filter((r) => r === true).length;
  return { applied, ignored: reports.length - applied + (body.length - reports.length) };
};
