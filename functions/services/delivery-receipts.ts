/**
 * Delivery receipts pushed by a provider (issue 14): the address's token is checked first (a wrong
 * one is 401 and nothing is read), then each report updates the message it names, in this chain,
 * when the provider's id matches (ledger repository's recordDelivery). The answer counts what
 * applied; the provider only needs to hear that it was received.
 */
import { alibabaDeliveryReports, fromLedgerReference, tencentDeliveryReports, type alibabaReportSchema, type DeliveryReport, type ProviderIdReport, type tencentReportSchema } from '../../shared/domain/channels/receipts.js';
import type { Channel } from '../../shared/domain/channels/provider-rules.js';
import { referenceOfProviderMessage } from '../adapters/dynamo/provider-message-repository.js';
import { countDeliveryReports } from '../adapters/delivery-metrics.js';
import { DomainError } from '../../shared/domain/errors.js';
import { messagePurposes, type MessagePurpose } from '../../shared/domain/messaging/purposes.js';
import type { z } from 'zod';
import { addressTokenValid, type AddressKind } from '../adapters/channels/receipt-token.js';
import { recordDelivery } from '../adapters/dynamo/send-ledger-repository.js';
import { mapLimit } from '../lib/concurrency.js';

export const checkReceiptAddress = (tenantId: string, channel: string, token: string, kind: AddressKind = 'receipts'): void => {
  if (!addressTokenValid(kind, tenantId, channel, token)) throw new DomainError('unauthenticated', 'This address is not one Smileloop gave out');
};

/** What a batch of reports did: applied, still pending (the provider should push again), the rest ignored. */
export type ReceiptResult = { applied: number; pending: number; ignored: number };

/** Each report onto the message its reference names, in this chain, when the provider's id matches. */
const applyReports = async (tenantId: string, channel: Channel, reports: readonly DeliveryReport[], received: number, now: Date): Promise<ReceiptResult> => {
  const results = await mapLimit(reports, { limit: 8 }, async (report) => {
    const k = fromLedgerReference(report.reference);
    // A reference of another chain, or not ours at all, is ignored: the address is this chain's.
    if (!k || k.tenantId !== tenantId || !(messagePurposes as readonly string[]).includes(k.purpose)) return { outcome: 'ignored' as const, report };
    const outcome = await recordDelivery({ ...k, purpose: k.purpose as MessagePurpose }, { channel, providerMessageId: report.providerMessageId, status: report.status, at: report.at ?? now.toISOString(), ...(report.code ? { code: report.code } : {}) });
    return { outcome, report };
  });
  const applied = results.filter((r) => r.outcome === 'applied');
  // The failure-rate alarm counts what landed on our messages, once each (a re-push of a report already applied lands again, harmlessly).
  countDeliveryReports(channel, { reports: applied.length, failed: applied.filter((r) => r.report.status === 'failed').length });
  const pending = results.filter((r) => r.outcome === 'pending').length;
  return { applied: applied.length, pending, ignored: received - applied.length - pending };
};

export const applyAlibabaReceipts = async (tenantId: string, body: z.infer<typeof alibabaReportSchema>, now: Date): Promise<ReceiptResult> =>
  applyReports(tenantId, 'alibaba-sms', alibabaDeliveryReports(body), body.length, now);

/**
 * Reports that name only the provider's own id (Tencent's `sid`, WeChat's `MsgID`): the reference is
 * read by it (an id this chain never kept finds nothing), then as any report.
 */
export const applyReportsByProviderId = async (tenantId: string, channel: Channel, reports: readonly ProviderIdReport[], now: Date): Promise<ReceiptResult> => {
  const found = await mapLimit(reports, { limit: 8 }, async (report) => {
    const reference = await referenceOfProviderMessage(tenantId, channel, report.providerMessageId);
    return reference ? [{ ...report, reference }] : [];
  });
  return applyReports(tenantId, channel, found.flat(), reports.length, now);
};

export const applyTencentReceipts = (tenantId: string, body: z.infer<typeof tencentReportSchema>, now: Date): Promise<ReceiptResult> =>
  applyReportsByProviderId(tenantId, 'tencent-sms', tencentDeliveryReports(body), now);
