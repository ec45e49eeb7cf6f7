/**
 * Triggered campaigns in DynamoDB. Enrolling a patient for one triggering record writes, in one
 * transaction, the recipient item (`RCPT#<patient>#T#<record>`, conditional on not existing:
 * the exactly-once claim, whatever the number of deliveries) and, for the treated, an item in
 * the chain's due queue (`T#<tenant>#TRIGGERDUE`, sorted by due time). The triggers job reads
 * the queue up to now (one Query, no scan) and removes each item once its message was handled;
 * a crash before the removal only means the next run finds the send ledger's claim.
 */
import { DeleteCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { campaignTriggerDueEntity, campaignTriggerRecipientEntity } from './entities/campaign.js';
import type { Recipient } from './campaign-repository.js';

export type DueTrigger = { campaignId: string; patientId: string; clinicId: string; householdKey: string; ref: string; event: string; at: string; dueAt: string };

/** A year after the trigger the recipient has served its attribution window; TTL clears it. */
const retentionSeconds = 400 * 24 * 3600;

const conditionFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'TransactionCanceledException' && /ConditionalCheckFailed/.test(error.message);

/** True when this call enrolled the record; false when an earlier delivery already had. */
export const enrollTrigger = async (tenantId: string, campaignId: string, recipient: Recipient & { triggerRef: string; dueAt: string }, due: DueTrigger | undefined): Promise<boolean> => {
  const expiresAt = Math.floor(Date.parse(recipient.assignedAt) / 1000) + retentionSeconds;
  const recipientItem = { ...campaignTriggerRecipientEntity.key({ tenantId, campaignId, patientId: recipient.patientId, ref: recipient.triggerRef }), type: campaignTriggerRecipientEntity.type, ...recipient, expiresAt };
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: recipientItem, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...(due ? [{ Put: { TableName: tableName, Item: { ...dueKey(tenantId, due), type: campaignTriggerDueEntity.type, ...due } } }] : []),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
};

const dueKey = (tenantId: string, due: DueTrigger) => campaignTriggerDueEntity.key({ tenantId, dueAt: due.dueAt, campaignId: due.campaignId, patientId: due.patientId, ref: due.ref });

/** Due by `now`, oldest first, at most `limit` (the rest waits for the next run). */
export const dueTriggers = async (tenantId: string, now: string, limit: number): Promise<DueTrigger[]> => {
  const pk = campaignTriggerDueEntity.key({ tenantId, dueAt: now, campaignId: 'x', patientId: 'x', ref: 'x' }).pk;
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      // `~` sorts after every character of an id, so everything due at `now` is included.
      ExpressionAttributeValues: { ':pk': pk, ':from': 'DUE#', ':to': `DUE#${now}~` },
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return Items.map(({ campaignId, patientId, clinicId, householdKey, ref, event, at, dueAt }) => ({ campaignId, patientId, clinicId, householdKey, ref, event, at, dueAt }) as DueTrigger);
};

export const removeDueTrigger = async (tenantId: string, due: DueTrigger): Promise<void> => {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: dueKey(tenantId, due) }));
};
