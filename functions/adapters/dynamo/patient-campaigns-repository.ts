/**
 * One patient's recipient items across the chain's campaigns (the profile's campaign section).
 * Recipient items live in each campaign's partition, keyed by patient: one batched read per
 * 100 campaigns, no index to keep.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import type { Recipient } from './campaign-repository.js';
import { campaignRecipientEntity } from './entities/campaign.js';

export type PatientRecipient = Recipient & { campaignId: string };

const batch = 100;

export const patientRecipients = async (tenantId: string, patientId: string, campaignIds: readonly string[]): Promise<PatientRecipient[]> => {
  const found: PatientRecipient[] = [];
  for (let i = 0; i < campaignIds.length; i += batch) {
    let keys: Record<string, unknown>[] | undefined = campaignIds.slice(i, i + batch).map((campaignId) => campaignRecipientEntity.key({ tenantId, campaignId, patientId }));
    // Unprocessed keys (throttling) are asked again until none is left.
    while (keys && keys.length > 0) {
      const answer = await documentClient.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: false } } }));
      for (const item of answer.Responses?.[tableName] ?? []) {
        const campaignId = String(item.pk).split('#CAMPAIGN#')[1] ?? '';
        const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
        found.push({ ...(rest as Recipient), campaignId });
      }
      keys = answer.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
};
