/**
 * One message per phone number per occasion: family members who share a number (a parent's phone
 * on a child's record) get one recall or greeting between them. The first patient to claim the
 * (phone, occasion) keeps it; a redelivery for the same patient finds its own claim and goes on.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerKey } from './send-ledger-repository.js';
import { documentClient, tableName } from './client.js';
import { phoneOccasionEntity } from './entities/phone.js';

const retentionSeconds = 40 * 24 * 3600;

export const claimPhoneOccasion = async (k: LedgerKey, phone: string, phoneOccasion: string, at: string): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...phoneOccasionEntity.key({ tenantId: k.tenantId, phone, purpose: k.purpose, occasion: phoneOccasion }), type: 'phone-occasion', patientId: k.patientId, occasion: k.occasion, claimedAt: at, expiresAt: Math.floor(Date.parse(at) / 1000) + retentionSeconds },
        ConditionExpression: 'attribute_not_exists(pk) OR (patientId = :me AND occasion = :occasion)',
        ExpressionAttributeValues: { ':me': k.patientId, ':occasion': k.occasion },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};
