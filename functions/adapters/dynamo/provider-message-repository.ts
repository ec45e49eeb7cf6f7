/**
 * A provider's message id → our ledger reference, for providers whose delivery reports name only
 * their own id (send-ledger.ts, providerMessageEntity). One small put per accepted message on
 * those channels; a report reads it by key.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { providerMessageEntity } from './entities/send-ledger.js';

/** Reports come within minutes; a week covers a handset switched off over a holiday. */
const retentionSeconds = 7 * 24 * 3600;

export const rememberProviderMessage = async (tenantId: string, message: { channel: string; providerMessageId: string; reference: string; at: Date }): Promise<void> => {
  await documentClient.send(new PutCommand({
    TableName: tableName,
    Item: {
      ...providerMessageEntity.key({ tenantId, channel: message.channel, providerMessageId: message.providerMessageId }),
      type: providerMessageEntity.type,
      reference: message.reference,
      expiresAt: Math.floor(message.at.getTime() / 1000) + retentionSeconds,
    },
  }));
};

export const referenceOfProviderMessage = async (tenantId: string, channel: string, providerMessageId: string): Promise<string | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: providerMessageEntity.key({ tenantId, channel, providerMessageId }) }));
  return typeof Item?.reference === 'string' ? Item.reference : undefined;
};
