/**
 * Reply numbers: which chain an inbound SMS belongs to. One item per number outside every
 * tenant partition (entities/inbound.ts), holding the tenant id only, so a number can route to
 * one chain at most and routing never reads another chain's data.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../../shared/domain/errors.js';
import { documentClient, tableName } from './client.js';
import { inboundNumberEntity } from './entities/inbound.js';

/** Claims the number for the chain; again for the same chain is fine, another chain's is a 409. */
export const registerInboundNumber = async (tenantId: string, number: string): Promise<void> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...inboundNumberEntity.key({ number }), type: 'inbound-number', tenantId },
        ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :tenant',
        ExpressionAttributeValues: { ':tenant': tenantId },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new DomainError('conflict', 'replyNumber: another chain already uses this reply number', [{ path: 'replyNumber', message: 'is used by another chain', code: 'reply_number.taken' }]);
    }
    throw error;
  }
};

/** Frees a number the chain no longer uses; never one that routes to another chain. */
export const releaseInboundNumber = async (tenantId: string, number: string): Promise<void> => {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: tableName,
        Key: inboundNumberEntity.key({ number }),
        ConditionExpression: 'tenantId = :tenant',
        ExpressionAttributeValues: { ':tenant': tenantId },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

export const tenantForInboundNumber = async (number: string): Promise<string | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: inboundNumberEntity.key({ number }), ProjectionExpression: 'tenantId' }));
  return typeof Item?.tenantId === 'string' ? Item.tenantId : undefined;
};
