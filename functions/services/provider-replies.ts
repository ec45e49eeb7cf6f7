/**
 * Patients' replies pushed by Alibaba Cloud SMS (SmsUp) and Tencent Cloud SMS (reply callback) to
 * the chain's token address: each forwarded to the inbound-SMS subscriber, which confirms, reschedules,
 * opts out (T, TD, R, 退订) or hands the words to the front desk exactly as for a two-way SMS.
 */
import { alibabaReplies, tencentReply, type alibabaRepliesSchema, type tencentReplySchema } from '../../shared/domain/channels/provider-replies.js';
import type { z } from 'zod';
import { forwardProviderReply } from '../adapters/reply-forwarder.js';
import { mapLimit } from '../lib/concurrency.js';

export const forwardAlibabaReplies = async (tenantId: string, body: z.infer<typeof alibabaRepliesSchema>): Promise<{ received: number }> => {
  const replies = alibabaReplies(body);
  await mapLimit(replies, { limit: 4 }, (reply) => forwardProviderReply(tenantId, reply));
  return { received: replies.length };
};

export const forwardTencentReply = async (tenantId: string, body: z.infer<typeof tencentReplySchema>): Promise<{ received: number }> => {
  await forwardProviderReply(tenantId, tencentReply(tenantId, body));
  return { received: 1 };
};
