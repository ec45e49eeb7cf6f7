/** The outbox: every message handed to SNS (or, locally, kept instead of sent), newest first. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage } from '../../../shared/schemas/outbox.js';
import { documentClient, tableName } from './client.js';
import { newestFirstPage } from './query-all.js';
import { outboxEntity } from './entities/outbox.js';

const retentionSeconds = 180 * 24 * 3600;

export const recordOutboxMessage = async (tenantId: string, message: OutboxMessage): Promise<void> => {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...outboxEntity.key({ tenantId, createdAt: message.createdAt, messageId: message.messageId }),
        type: 'outbox',
        ...message,
        expiresAt: Math.floor(Date.parse(message.createdAt) / 1000) + retentionSeconds,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

export const listOutbox = async (tenantId: string, limit: number, cursor?: string): Promise<{ items: OutboxMessage[]; cursor?: string }> => {
  const page = await newestFirstPage(outboxEntity.pk.fill({ tenantId }), limit, cursor);
  return { ...page, items: page.items.map((item) => outboxEntity.fromItem<OutboxMessage>(item)) };
};
