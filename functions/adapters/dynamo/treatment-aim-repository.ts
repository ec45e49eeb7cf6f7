/**
 * Campaigns and member events aimed by treatment (shared/domain/campaigns/treatment-aim.ts): the
 * chain's register (treatmentAimedEntity, a string set added to with ADD, so a repeated or
 * concurrent mark is harmless), which readers check with one read, and the item's own flag, which
 * the screens show. Neither changes the item's version: it is a fact about what was sent, not an
 * edit, and an edit keeps it.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { writeIf } from './conditional-write.js';
import { campaignEntity, treatmentAimedEntity } from './entities/campaign.js';
import { memberEventEntity } from './entities/member-event.js';

export type AimedSender = { kind: 'campaign' | 'event'; id: string };

const itemKey = (tenantId: string, sender: AimedSender) =>
  sender.kind === 'campaign' ? campaignEntity.key({ tenantId, campaignId: sender.id }) : memberEventEntity.key({ tenantId, eventId: sender.id });

/** The register first (what readers check), the flag after; an item deleted meanwhile has no flag to set. */
export const markAimedByTreatment = async (tenantId: string, sender: AimedSender): Promise<void> => {
  await documentClient.send(new UpdateCommand({
    TableName: tableName,
    Key: treatmentAimedEntity.key({ tenantId }),
    UpdateExpression: 'SET #type = :type ADD ids :id',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': treatmentAimedEntity.type, ':id': new Set([sender.id]) },
  }));
  await writeIf(() => documentClient.send(new UpdateCommand({
    TableName: tableName,
    Key: itemKey(tenantId, sender),
    UpdateExpression: 'SET aimedByTreatment = :aimed',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':aimed': true },
  })));
};

export const readAimedByTreatment = async (tenantId: string): Promise<ReadonlySet<string>> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: treatmentAimedEntity.key({ tenantId }) }));
  return Item?.ids instanceof Set ? new Set([...(Item.ids as Set<string>)]) : new Set();
};
