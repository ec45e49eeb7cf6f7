/**
 * Replies from numbers no patient of the chain has (a new number, a family member, a lead):
 * no patient partition to hold a task, so they wait in one chain partition, newest first,
 * until the front desk sorts them out. Kept 90 days: a phone and a text are personal data.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { UnmatchedReply } from '../../../shared/schemas/sms-reply.js';
import { documentClient, tableName } from './client.js';
import { newestFirstPage } from './query-all.js';
import { unmatchedReplyEntity } from './entities/inbound.js';

const retentionSeconds = 90 * 24 * 3600;

/**
 * Keyed by the time SNS received it and the inbound id: a redelivery carries both unchanged, so
 * it finds the item there and writes nothing. False for such a duplicate.
 */
export const recordUnmatchedReply = async (tenantId: string, reply: UnmatchedReply): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...unmatchedReplyEntity.key({ tenantId, receivedAt: reply.receivedAt, inboundMessageId: reply.inboundMessageId }),
          type: 'unmatched-reply',
          ...reply,
          expiresAt: Math.floor(Date.parse(reply.receivedAt) / 1000) + retentionSeconds,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

export const listUnmatchedReplies = async (tenantId: string, limit: number, cursor?: string): Promise<{ items: UnmatchedReply[]; cursor?: string }> => {
  const page = await newestFirstPage(unmatchedReplyEntity.pk.fill({ tenantId }), limit, cursor);
  return { ...page, items: page.items.map((item) => unmatchedReplyEntity.fromItem<UnmatchedReply>(item)) };
};
