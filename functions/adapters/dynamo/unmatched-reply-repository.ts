/**
 * Replies from numbers no patient of the chain has (a new number, a family member, a lead):
 * no patient partition to hold a task, so they wait in one chain partition, newest first,
 * until the front desk sorts them out. Kept 90 days: a phone and a text are personal data.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { deltaForTaskChange, kpiTaskOf } from '../../../shared/domain/kpi/rollup.js';
import { parseUnmatchedReplyId, unmatchedReplyIdOf } from '../../../shared/domain/messaging/unmatched-reply-id.js';
import type { ListedUnmatchedReply, UnmatchedReply } from '../../../shared/schemas/sms-reply.js';
import type { FollowUpTask } from '../../../shared/schemas/task.js';
import { transactWrite, TransactionConditionFailed } from './engagement-dynamo.js';
import { rollupUpdates } from './kpi-repository.js';
import { taskItem } from './visit-repository.js';
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

/** A stored reply with the id the screen and the paths use for it (unmatched-reply-id.ts). */
const withReplyId = (item: Record<string, unknown>): ListedUnmatchedReply => {
  const reply = unmatchedReplyEntity.fromItem<UnmatchedReply>(item);
  return { ...reply, replyId: unmatchedReplyIdOf(reply) };
};

export const listUnmatchedReplies = async (tenantId: string, limit: number, cursor?: string): Promise<{ items: ListedUnmatchedReply[]; cursor?: string }> => {
  const page = await newestFirstPage(unmatchedReplyEntity.pk.fill({ tenantId }), limit, cursor);
  return { ...page, items: page.items.map(withReplyId) };
};

/** The reply a replyId names: one small query on its receipt time (replies rarely share a millisecond). */
export const findUnmatchedReply = async (tenantId: string, replyId: string): Promise<ListedUnmatchedReply | undefined> => {
  const parsed = parseUnmatchedReplyId(replyId);
  if (!parsed) return undefined;
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :at)',
      ExpressionAttributeValues: { ':pk': unmatchedReplyEntity.pk.fill({ tenantId }), ':at': `${parsed.receivedAt}#` },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map(withReplyId).find((reply) => reply.replyId === replyId);
};

const replyKey = (tenantId: string, reply: UnmatchedReply) => unmatchedReplyEntity.key({ tenantId, receivedAt: reply.receivedAt, inboundMessageId: reply.inboundMessageId });

/** False when someone else sorted the reply out first. */
export const dismissUnmatchedReply = async (tenantId: string, reply: UnmatchedReply): Promise<boolean> => {
  try {
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: replyKey(tenantId, reply), ConditionExpression: 'attribute_exists(pk)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/**
 * The reply leaves the list and becomes the patient's front-desk task in one transaction, so it
 * is never lost between the two nor turned into two tasks. False when someone else sorted it out
 * first (the reply is gone) or the patient already has its task.
 */
export const assignUnmatchedReply = async (tenantId: string, reply: UnmatchedReply, task: FollowUpTask, timeZone: string): Promise<boolean> => {
  try {
    await transactWrite([
      { Delete: { TableName: tableName, Key: replyKey(tenantId, reply), ConditionExpression: 'attribute_exists(pk)' } },
      { Put: { TableName: tableName, Item: taskItem(tenantId, task), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...rollupUpdates(tenantId, deltaForTaskChange(undefined, kpiTaskOf(task), timeZone)),
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
};
