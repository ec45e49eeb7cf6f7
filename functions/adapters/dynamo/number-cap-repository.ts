/**
 * Providers' daily caps per number (issue 14; e.g. Alibaba Cloud SMS: 10 a day to one number):
 * counted here, per channel and local day, with one conditional ADD right before the provider is
 * called, so a message over the cap is kept back with its reason instead of being refused by the
 * provider. SNS has no such cap and never comes here (the pipeline's writes per message stay as
 * they are for a chain on SNS).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { phoneDailyCountEntity } from './entities/phone.js';

/** Takes one of the number's places on the channel today; false when the cap is reached. */
export const takeDailyPlace = async (tenantId: string, phone: string, channel: string, day: string, cap: number): Promise<boolean> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: phoneDailyCountEntity.key({ tenantId, phone, channel, day }),
        UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :cap',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':expires': Math.floor(Date.now() / 1000) + 3 * 86_400 },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};
