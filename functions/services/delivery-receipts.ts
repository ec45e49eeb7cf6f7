/**
 * Delivery receipts pushed by a provider (issue 14): the address's token is checked first (a wrong
 * one is 401 and nothing is read), then each report updates the message it names, in this chain,
 * when the provider's id matches (ledger repository's recordDelivery). The answer counts what
 * applied; the provider only needs to hear that it was received.
 */
import { alibabaDeliveryReports, fromLedgerReference, tencentDeliveryReports, type alibabaReportSchema, type DeliveryReport, type tencentReportSchema } from '../../shared/domain/channels/receipts.js';
import type { Channel } from '../../shared/domain/channels/provider-rules.js';
import { referenceOfProviderMessage } from '../adapters/dynamo/provider-message-repository.js';
import { countDeliveryReports } from '../adapters/delivery-metrics.js';
import { DomainError } from '../../shared/domain/errors.js';
import { messagePurposes, type MessagePurpose } from '../../shared/domain/messaging/purposes.js';
import type { z } from 'zod';
import { receiptTokenValid } from '../adapters/channels/receipt-token.js';
import { recordDelivery } from '../adapters/dynamo/send-ledger-repository.js';
import { mapLimit } from '../lib/concurrency.js';

export const checkReceiptAddress = (tenantId: string, channel: string, token: string): void => {
  if (!receiptTokenValid(tenantId, channel, token)) throw new DomainError('unauthenticated', 'This receipt address is not one Smileloop gave out');
};

/** Each report onto the message its reference names, in this chain, when the provider's id matches. */
const applyReports = async (tenantId: string, channel: Channel, reports: readonly DeliveryReport[], now: Date): Promise<number> => {
  const results = await mapLimit(reports, { limit: 8 }, async (report) => {
    const k = fromLedgerReference(report.reference);
    // A reference of another chain, or not ours at all, is ignored: the address is this chain's.
    if (!k || k.tenantId !== tenantId || !(messagePurposes as readonly string[]).includes(k.purpose)) return false;
    return recordDelivery({ ...k, purpose: k.purpose as MessagePurpose }, { channel, providerMessageId: report.providerMessageId, status: report.status, at: report.at ?? now.toISOString(), ...(report.code ? { code: report.code } : {}) });
  });
  // Counted for the delivery failure-rate alarm, by channel (no phone, no patient).
  countDeliveryReports(channel, { reports: reports.length, failed: reports.filter((r) => r.status === 'failed').length });
  return results.filter((r) => r === true).length;
};

export const applyAlibabaReceipts = async (tenantId: string, body: z.infer<typeof alibabaReportSchema>, now: Date): Promise<{ applied: number; ignored: number }> => {
  const applied = await applyReports(tenantId, 'alibaba-sms', alibabaDeliveryReports(body), now);
  return { applied, ignored: body.length - applied };
};

/** Tencent names only its own id: the reference is read by it (a report for an id this chain never kept finds nothing). */
export const applyTencentReceipts = async (tenantId: string, body: z.infer<typeof tencentReportSchema>, now: Date): Promise<{ applied: number; ignored: number }> => {
  const found = await mapLimit(tencentDeliveryReports(body), { limit: 8 }, async (report) => {
    const reference = await referenceOfProviderMessage(tenantId, 'tencent-sms', report.providerMessageId);
    return reference ? [{ ...report, reference }] : [];
  });
  const applied = await applyReports(tenantId, 'tencent-sms', found.flat(), now);
  return { applied, ignored: body.length - applied };
};
