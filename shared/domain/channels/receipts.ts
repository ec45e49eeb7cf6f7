/**
 * Delivery receipts (issue 14): what a provider's status report says about one message. Alibaba
 * Cloud SMS pushes a JSON array of reports (SmsReport: phone_number, success, biz_id, out_id,
 * err_code, report_time). `out_id` is the reference the message went with (ledgerReference), so a
 * report finds its ledger item without an index; `biz_id` must match the id the provider gave when
 * it accepted the message, so a report cannot touch a message it does not belong to.
 */
import * as z from 'zod';

export const alibabaReportSchema = z.array(
  z.object({
    phone_number: z.string().max(32).optional(),
    success: z.boolean(),
    biz_id: z.string().min(1).max(128),
    out_id: z.string().max(512).optional(),
    err_code: z.string().max(64).optional(),
    report_time: z.string().max(32).optional(),
  }),
).max(1000);

export type DeliveryReport = { reference: string; providerMessageId: string; status: 'delivered' | 'failed'; code?: string; at?: string };

/** Alibaba's report_time and Tencent's user_receive_time are Beijing time, "2017-05-24 10:00:00". */
export const beijingToIso = (text: string | undefined): string | undefined => {
  if (!text || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return undefined;
  return new Date(`${text.replace(' ', 'T')}+08:00`).toISOString();
};

export const alibabaDeliveryReports = (body: z.infer<typeof alibabaReportSchema>): DeliveryReport[] =>
  body.filter((r) => r.out_id).map((r) => {
    const at = beijingToIso(r.report_time);
    return { reference: r.out_id ?? '', providerMessageId: r.biz_id, status: r.success ? 'delivered' : 'failed', ...(r.success || !r.err_code ? {} : { code: r.err_code }), ...(at ? { at } : {}) };
  });

/**
 * Tencent Cloud SMS's status callback (短信下发状态回调): a JSON array of reports naming the
 * message only by `sid`, the SerialNo the send returned (the ledger reference is found by it,
 * provider-message-repository.ts). Not strict: Tencent may add fields.
 */
export const tencentReportSchema = z.array(
  z.object({
    user_receive_time: z.string().max(32).optional(),
    nationcode: z.string().max(8).optional(),
    mobile: z.string().max(32).optional(),
    report_status: z.enum(['SUCCESS', 'FAIL']),
    errmsg: z.string().max(128).optional(),
    description: z.string().max(256).optional(),
    sid: z.string().min(1).max(128),
  }),
).max(1000);

export type ProviderIdReport = { providerMessageId: string; status: 'delivered' | 'failed'; code?: string; at?: string };

export const tencentDeliveryReports = (body: z.infer<typeof tencentReportSchema>): ProviderIdReport[] =>
  body.map((r) => {
    const at = beijingToIso(r.user_receive_time);
    const failed = r.report_status === 'FAIL';
    return { providerMessageId: r.sid, status: failed ? 'failed' : 'delivered', ...(failed && r.errmsg ? { code: r.errmsg } : {}), ...(at ? { at } : {}) };
  });

/** The ledger item a reference names: tenant, patient, purpose and occasion. */
export const ledgerReference = (k: { tenantId: string; patientId: string; purpose: string; occasion: string }): string =>
  Buffer.from(`${k.tenantId}|${k.patientId}|${k.purpose}|${k.occasion}`).toString('base64url');

export const fromLedgerReference = (reference: string): { tenantId: string; patientId: string; purpose: string; occasion: string } | undefined => {
  const [tenantId, patientId, purpose, ...rest] = Buffer.from(reference, 'base64url').toString('utf8').split('|');
  return tenantId && patientId && purpose && rest.length > 0 ? { tenantId, patientId, purpose, occasion: rest.join('|') } : undefined;
};
