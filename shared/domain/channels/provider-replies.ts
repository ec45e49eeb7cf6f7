/**
 * Patients' replies pushed by a provider (issue 14), in each provider's documented callback shape,
 * turned into the inbound reply the existing handling takes (确认 / 改约 / 退订, R and T included):
 * Alibaba Cloud SMS's SmsUp (a JSON array: phone_number, send_time, content, sign_name, dest_code,
 * sequence_id) and Tencent Cloud SMS's reply callback (one object: mobile, nationcode, text, sign,
 * time, extend). The reply's id is what makes a repeated push a duplicate: the provider's sequence
 * id, or for Tencent a keyed hash of the number, time and text (ids are logged; phones never are).
 * The provider's own time of the reply goes with it, so a repeated push is the same reply.
 */
import * as z from 'zod';
import { beijingToIso } from './receipts.js';

export const alibabaRepliesSchema = z.array(
  z.object({
    phone_number: z.string().regex(/^\+?\d{5,15}$/, { error: 'must be a phone number: 5 to 15 digits' }),
    send_time: z.string().max(32).optional(),
    content: z.string().max(1000),
    sign_name: z.string().max(64).optional(),
    dest_code: z.string().max(32).optional(),
    sequence_id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]),
  }),
).max(500);

export const tencentReplySchema = z.object({
  extend: z.string().max(32).nullish(),
  mobile: z.string().regex(/^\+?\d{5,15}$/, { error: 'must be a phone number: 5 to 15 digits' }),
  nationcode: z.string().regex(/^\d{1,4}$/),
  sign: z.string().max(64).optional(),
  text: z.string().max(1000),
  time: z.number().int().positive(),
});

/** The providers that push replies, as the forwarded reply's destination (sms-reply-service.ts trusts its chain only then). */
export const providerReplyChannels = ['alibaba-sms', 'tencent-sms'] as const;

export type ProviderReply = { channel: (typeof providerReplyChannels)[number]; from: string; text: string; replyId: string; receivedAt?: string };

/** Mainland numbers come without the country code (Alibaba) or with it apart (Tencent). */
const e164 = (nationcode: string, mobile: string): string => (mobile.startsWith('+') ? mobile : `+${nationcode}${mobile.replace(/^0+/, '')}`);

export const alibabaReplies = (body: z.infer<typeof alibabaRepliesSchema>): ProviderReply[] =>
  body.map((r) => {
    const at = beijingToIso(r.send_time);
    return { channel: 'alibaba-sms', from: e164('86', r.phone_number), text: r.content, replyId: `alibaba-sms:${r.sequence_id}`, ...(at ? { receivedAt: at } : {}) };
  });

/**
 * Tencent gives a reply no id: the number, time and text make one, sealed with `seal` (a keyed
 * hash the caller holds: a plain hash of a mainland number and a one-letter reply could be
 * reversed, and reply ids are logged).
 */
export const tencentReply = (body: z.infer<typeof tencentReplySchema>, seal: (text: string) => string): ProviderReply => {
  const from = e164(body.nationcode, body.mobile);
  return { channel: 'tencent-sms', from, text: body.text, replyId: `tencent-sms:${seal(`${from}|${body.time}|${body.text}`)}`, receivedAt: new Date(body.time * 1000).toISOString() };
};
