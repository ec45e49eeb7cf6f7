/**
 * Numbers suppressed for the chain (DESIGN invariant 6: "the number is not suppressed"). An SMS
 * opt-out belongs to the phone's owner, not to one record: a family member registered later with
 * the same number, or a record nobody has linked yet, gets nothing either.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { phoneSuppressionEntity } from './entities/phone.js';

export const suppressPhone = async (tenantId: string, phone: string, at: string, proof: string): Promise<void> => {
  // Unconditional: a second opt-out from the same number changes nothing that matters.
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...phoneSuppressionEntity.key({ tenantId, phone }), type: 'phone-suppression', at, proof } }));
};

export const isPhoneSuppressed = async (tenantId: string, phone: string): Promise<boolean> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: phoneSuppressionEntity.key({ tenantId, phone }), ConsistentRead: true, ProjectionExpression: 'pk' }));
  return Item !== undefined;
};

/** When the number opted out, if it did (for a campaign's opt-out count in its attribution window). */
export const phoneSuppressedAt = async (tenantId: string, phone: string): Promise<string | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: phoneSuppressionEntity.key({ tenantId, phone }), ProjectionExpression: '#at', ExpressionAttributeNames: { '#at': 'at' } }));
  return typeof Item?.at === 'string' ? Item.at : undefined;
};
