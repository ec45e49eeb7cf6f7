/** The chain's channel settings: one versioned item; a save holds only at the version read. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { channelSettingsSchema, type ChannelSettings, type StoredChannelSettings } from '../../../shared/schemas/channels.js';
import { DomainError } from '../../../shared/domain/errors.js';
import { documentClient, tableName } from './client.js';
import { logger } from '../logger.js';
import { channelSettingsEntity } from './entities/automation-settings.js';

const snsOnly = (): ChannelSettings => channelSettingsSchema.parse({});

export const getChannelSettings = async (tenantId: string): Promise<StoredChannelSettings> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: channelSettingsEntity.key({ tenantId }), ConsistentRead: true }));
  if (!Item) return { settings: snsOnly(), version: 0, secretsSet: [] };
  const parsed = channelSettingsSchema.safeParse(Item.settings);
  // Unreadable settings fall back to SNS, today's behaviour, rather than stopping every message.
  if (!parsed.success) logger.error('stored channel settings unreadable: messages go by SNS until an owner saves them', { tenantId });
  return { settings: parsed.success ? parsed.data : snsOnly(), version: Number(Item.version ?? 0), secretsSet: (Item.secretsSet ?? []) as string[], ...(typeof Item.updatedAt === 'string' ? { updatedAt: Item.updatedAt } : {}) };
};

export const saveChannelSettings = async (tenantId: string, stored: StoredChannelSettings, versionRead: number, by: string): Promise<StoredChannelSettings> => {
  const version = versionRead + 1;
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...channelSettingsEntity.key({ tenantId }), type: channelSettingsEntity.type, settings: stored.settings, secretsSet: stored.secretsSet, version, updatedAt: stored.updatedAt, updatedBy: by },
        ...(versionRead === 0 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': versionRead } }),
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new DomainError('conflict', 'The channel settings were changed by someone else since you opened them; reload and save again', [{ path: 'version', message: 'is not the current version', code: 'conflict.changed' }]);
    }
    throw error;
  }
  return { ...stored, version };
};
