/**
 * The chain's register of campaigns and events aimed by treatment (entities/campaign.ts,
 * treatmentAimedEntity): added to with ADD on a string set, so a repeated or concurrent mark is
 * harmless, and read by key.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { treatmentAimedEntity } from './entities/campaign.js';

export const registerAimedByTreatment = async (tenantId: string, id: string): Promise<void> => {
  await documentClient.send(new UpdateCommand({
    TableName: tableName,
    Key: treatmentAimedEntity.key({ tenantId }),
    UpdateExpression: 'SET #type = :type ADD ids :id',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': treatmentAimedEntity.type, ':id': new Set([id]) },
  }));
};

export const readAimedByTreatment = async (tenantId: string): Promise<ReadonlySet<string>> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: treatmentAimedEntity.key({ tenantId }) }));
  return Item?.ids instanceof Set ? new Set([...(Item.ids as Set<string>)]) : new Set();
};
