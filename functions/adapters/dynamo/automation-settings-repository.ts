/** The chain's automation settings: one versioned item; a save holds only at the version read. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { automationSettingsSchema, defaultAutomationSettings, type AutomationSettings, type StoredAutomationSettings } from '../../../shared/schemas/automations.js';
import { DomainError } from '../../../shared/domain/errors.js';
import { documentClient, tableName } from './client.js';
import { logger } from '../logger.js';
import { automationSettingsEntity } from './entities/automation-settings.js';

const allOff = (s: AutomationSettings): AutomationSettings => ({
  ...s,
  appointmentReminders: { ...s.appointmentReminders, enabled: false },
  care: { enabled: false },
  recall: { ...s.recall, enabled: false },
  reactivation: { ...s.reactivation, enabled: false },
  birthday: { ...s.birthday, enabled: false },
  holidays: { ...s.holidays, enabled: false },
  installment: { ...s.installment, enabled: false },
  renewal: { ...s.renewal, enabled: false },
});

/** Stored settings, read through the schema so fields added since the last save get their defaults. */
export const getAutomationSettings = async (tenantId: string): Promise<StoredAutomationSettings> => {
  // Strongly consistent: a switch turned off a moment ago must hold for the very next send.
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: automationSettingsEntity.key({ tenantId }), ConsistentRead: true }));
  if (!Item) return { settings: defaultAutomationSettings(), version: 0 };
  const parsed = automationSettingsSchema.safeParse(Item.settings);
  if (!parsed.success) logger.error('stored automation settings unreadable: every automation stays off until an owner saves them', { tenantId });
  return {
    // Unreadable settings never switch an owner's "off" back on: everything stays off instead.
    settings: parsed.success ? parsed.data : allOff(defaultAutomationSettings()),
    version: Number(Item.version ?? 0),
    updatedAt: Item.updatedAt as string | undefined,
    updatedBy: Item.updatedBy as string | undefined,
  };
};

export const saveAutomationSettings = async (tenantId: string, settings: AutomationSettings, versionRead: number, by: string, at: string): Promise<StoredAutomationSettings> => {
  const version = versionRead + 1;
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...automationSettingsEntity.key({ tenantId }), type: 'automation-settings', settings, version, updatedAt: at, updatedBy: by },
        ...(versionRead === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': versionRead } }),
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new DomainError('conflict', 'The settings were changed by someone else since you opened them; reload and save again', [{ path: 'version', message: 'is not the current version', code: 'conflict.changed' }]);
    }
    throw error;
  }
  return { settings, version, updatedAt: at, updatedBy: by };
};
