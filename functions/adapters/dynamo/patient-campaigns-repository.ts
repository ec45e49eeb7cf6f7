/**
 * One patient's part in the chain's campaigns (the profile's campaign section), with no index to
 * keep: the recipient items in each campaign's partition, keyed by patient (held-out members and
 * older batch recipients), in one batched read per 100 campaigns; a triggered campaign's (one per
 * triggering record), one query per triggered campaign; and the batch runs' messages, from the
 * patient's own send ledger (one query).
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import type { Recipient } from './campaign-repository.js';
import { campaignRecipientEntity, campaignTriggerRecipientEntity } from './entities/campaign.js';
import { sendLedgerEntity } from './entities/send-ledger.js';
import { queryRange } from './query-all.js';
import { mapLimit } from '../../lib/concurrency.js';

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

/** A batch run's message to the patient, as its ledger item holds it. */
export type PatientCampaignMessage = { campaignId: string; runKey: string; status: string; variant?: string; at: string };

/** The patient's batch campaign messages: occasion `campaign.<campaignId>.<runKey>` (a trigger's has `.t.`). */
export const patientCampaignMessages = async (tenantId: string, patientId: string): Promise<PatientCampaignMessage[]> => {
  const range = sendLedgerEntity.range({ tenantId, patientId, purpose: 'marketing-campaign' });
  const items = await queryRange({ pk: range.pk, skPrefix: `${range.skPrefix}campaign.` });
  return items.flatMap((item): PatientCampaignMessage[] => {
    const [, campaignId, runKey, ...rest] = String(item.occasion ?? '').split('.');
    if (!campaignId || !runKey || rest.length > 0) return [];
    const decisions = (item.decisions ?? []) as { at?: string }[];
    const at = String(item.claimedAt ?? decisions[0]?.at ?? item.updatedAt ?? '');
    const variant = (item.retry as { variant?: string } | undefined)?.variant;
    return [{ campaignId, runKey, status: String(item.status), ...(variant ? { variant } : {}), at }];
  });
};

/** The patient's recipient items of triggered campaigns (one per triggering record), one query per campaign. */
export const patientTriggerRecipients = async (tenantId: string, patientId: string, campaignIds: readonly string[]): Promise<PatientRecipient[]> => {
  const perCampaign = await mapLimit(campaignIds, { limit: 4 }, async (campaignId) => {
    const items = await queryRange(campaignTriggerRecipientEntity.range({ tenantId, campaignId, patientId }));
    return items.map((item): PatientRecipient => ({ ...campaignTriggerRecipientEntity.fromItem<Recipient>(item), campaignId }));
  });
  return perCampaign.flat();
};
