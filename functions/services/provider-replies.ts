/**
 * Patients' replies pushed by Alibaba Cloud SMS (SmsUp) and Tencent Cloud SMS (reply callback) to
 * the chain's token address: each forwarded to the inbound-SMS subscriber, which confirms, reschedules,
 * opts out (T, TD, R, 退订) or hands the words to the front desk exactly as for a two-way SMS.
 */
import { alibabaReplies, tencentReply, type alibabaRepliesSchema, type tencentReplySchema } from '../../shared/domain/channels/provider-replies.js';
import type { z } from 'zod';
import { createHmac } from 'node:crypto';
import { derivedKey } from '../adapters/api-secret.js';
import { forwardProviderReply } from '../adapters/reply-forwarder.js';
import { mapLimit } from '../lib/concurrency.js';

export const forwardAlibabaReplies = async (tenantId: string, body: z.infer<typeof alibabaRepliesSchema>): Promise<{ received: number }> => {
  const replies = alibabaReplies(body);
  await mapLimit(replies, { limit: 4 }, (reply) => forwardProviderReply(tenantId, reply));
  return { received: replies.length };
};

/** A keyed hash per chain, under the API's secret: the same reply gives the same id, and the id gives nothing away. */
const replySeal = (tenantId: string) => (text: string): string => createHmac('sha256', derivedKey('smileloop.reply-id')).update(`${tenantId}|${text}`).digest('base64url').slice(0, 24);

export const forwardTencentReply = async (tenantId: string, body: z.infer<typeof tencentReplySchema>): Promise<{ received: number }> => {
  await forwardProviderReply(tenantId, tencentReply(body, replySeal(tenantId)));
  return { received: 1 };
};
