/**
 * Campaigns in DynamoDB. The campaign item lives in the chain's partition (its version guards
 * edits, its status guards the runner's steps); each campaign has a partition of its own for the
 * frozen audience pages of each run (each member's arm, variant and coupon code, fixed at the
 * freeze), the page results (campaign-recipients.ts) and recipient items: a triggered campaign's,
 * claimed with a conditional put so concurrent invocations agree on one arm and coupon code, and
 * a batch run's held-out members.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AudienceMember } from '../../../shared/domain/segments/facts.js';
import type { CampaignStatus } from '../../../shared/domain/campaigns/lifecycle.js';
import type { Campaign, CampaignProgress } from '../../../shared/schemas/campaigns.js';
import { documentClient, tableName } from './client.js';
import { conditionFailed, writeIf } from './conditional-write.js';
import { batchDelete } from './batch-write.js';
import { batchWriteAll } from './import-batch.js';
import { queryAll, queryRange } from './query-all.js';
import { campaignEntity, campaignPageEntity, campaignRecipientEntity, campaignRunEntity, campaignSettingsEntity, campaignTriggerRecipientEntity } from './entities/campaign.js';


export const getCampaign = async (tenantId: string, campaignId: string): Promise<Campaign | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: campaignEntity.key({ tenantId, campaignId }), ConsistentRead: true }));
  return Item ? campaignEntity.fromItem<Campaign>(stripKeys(Item)) : undefined;
};

const stripKeys = (item: Record<string, unknown>): Record<string, unknown> => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest;
};

export const listCampaigns = async (tenantId: string): Promise<Campaign[]> => {
  const range = campaignEntity.range({ tenantId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix } });
  return items.map((i) => campaignEntity.fromItem<Campaign>(stripKeys(i)));
};

/** Writes a new campaign, or a change to one read at `expectedVersion` (false: someone else changed it). */
export const saveCampaign = async (tenantId: string, campaign: Campaign, expectedVersion?: number): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...campaignEntity.key({ tenantId, campaignId: campaign.campaignId }), type: campaignEntity.type, ...campaign },
        ...(expectedVersion === undefined ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
};

/** Moves the status only from one of `from` (the runner's and the approver's steps); false if it had moved. */
/**
 * What else must still hold for a status move: `version`, the campaign the caller checked (an edit
 * landing between the launch checks and the move makes it fail); `runKeyNot`, a run that has not
 * happened yet (a monthly campaign's start, when another tick already ran this month's run).
 */
export type StatusGuard = { version?: number; runKeyNot?: string };

export const moveCampaignStatus = async (tenantId: string, campaignId: string, from: readonly CampaignStatus[], to: CampaignStatus, patch: Partial<Campaign> = {}, guard: StatusGuard = {}): Promise<boolean> => {
  const names: Record<string, string> = { '#status': 'status', '#version': 'version' };
  const values: Record<string, unknown> = { ':to': to, ':one': 1 };
  from.forEach((s, i) => { values[`:f${i}`] = s; });
  const conditions = [`attribute_exists(pk) AND #status IN (${from.map((_, i) => `:f${i}`).join(', ')})`];
  if (guard.version !== undefined) { conditions.push('#version = :expected'); values[':expected'] = guard.version; }
  if (guard.runKeyNot !== undefined) { conditions.push('(attribute_not_exists(#runKey) OR #runKey <> :runKeyNot)'); names['#runKey'] = 'runKey'; values[':runKeyNot'] = guard.runKeyNot; }
  const sets = ['#status = :to'];
  Object.entries(patch).forEach(([field, value], i) => { names[`#p${i}`] = field; values[`:p${i}`] = value; sets.push(`#p${i} = :p${i}`); });
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: campaignEntity.key({ tenantId, campaignId }),
        UpdateExpression: `SET ${sets.join(', ')} ADD #version :one`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
};

/**
 * Progress while it sends is a report, not a decision: written without bumping the version, and
 * only while the run is open (sending, or paused or cancelled during its last page), so an
 * invocation a page behind never overwrites the recount the finish stored with its status.
 */
export const saveProgress = async (tenantId: string, campaignId: string, progress: CampaignProgress): Promise<void> => {
  await documentClient
    .send(new UpdateCommand({
      TableName: tableName, Key: campaignEntity.key({ tenantId, campaignId }), UpdateExpression: 'SET progress = :p',
      ConditionExpression: 'attribute_exists(pk) AND #status IN (:sending, :paused, :cancelled)', ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':p': progress, ':sending': 'sending', ':paused': 'paused', ':cancelled': 'cancelled' },
    }))
    .catch((error: unknown) => { if (!conditionFailed(error)) throw error; });
};

/**
 * A later finish's recount of the same run, once another invocation stored its own with the
 * status: kept only if it counts more decided (fewer remaining, or as many and more sent). Every
 * invocation records its pages before it recounts, so the last recount sees every page's results;
 * the condition keeps an earlier, smaller recount that lands late from overwriting it.
 */
export const improveFinishedProgress = async (tenantId: string, campaignId: string, runKey: string, progress: CampaignProgress): Promise<boolean> =>
  writeIf(() => documentClient.send(new UpdateCommand({
      TableName: tableName, Key: campaignEntity.key({ tenantId, campaignId }), UpdateExpression: 'SET progress = :p',
      ConditionExpression: 'attribute_exists(pk) AND runKey = :run AND #status IN (:completed, :scheduled) AND (progress.remaining > :remaining OR (progress.remaining = :remaining AND progress.sent < :sent))',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':p': progress, ':run': runKey, ':completed': 'completed', ':scheduled': 'scheduled', ':remaining': progress.remaining, ':sent': progress.sent },
  })));

export type CampaignRun = { runKey: string; freezerId: string; pages: number; audience: number; frozenAt: string };

export const getRun = async (tenantId: string, campaignId: string, runKey: string): Promise<CampaignRun | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: campaignRunEntity.key({ tenantId, campaignId, runKey }), ConsistentRead: true }));
  return Item ? (stripKeys(Item) as CampaignRun) : undefined;
};

/** Every run of the campaign (a monthly one has one per month), newest first: the results page picks one. */
export const listRuns = async (tenantId: string, campaignId: string): Promise<CampaignRun[]> =>
  (await queryRange(campaignRunEntity.range({ tenantId, campaignId })))
    .map((item) => campaignRunEntity.fromItem<CampaignRun>(item))
    .sort((a, b) => b.runKey.localeCompare(a.runKey));

/**
 * What the freeze fixes for each member: the household's arm and variant, and a treated member's
 * coupon code. Stored with the page, so every invocation and every redo sends the same text with
 * the same code, and recipients need no conditional claim (pages frozen before carry none).
 */
export type Assignment = { arm: 'holdout' | 'treated'; variant?: string; couponCode?: string; couponExpiresOn?: string; assignedAt?: string };
export type FrozenMember = AudienceMember & Partial<Assignment>;

/** A page's number as its keys hold it (sorted as text). */
export const pageKey = (page: number): string => String(page).padStart(5, '0');

/**
 * A page of the audience under this invocation's freezer id; only the run that wins the header
 * uses it. Kept as long as the campaign: with the page results it is the record of who was in
 * the run and with what (campaign-recipients.ts).
 */
export const putPage = async (tenantId: string, campaignId: string, runKey: string, freezerId: string, page: number, members: FrozenMember[], at: string): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...campaignPageEntity.key({ tenantId, campaignId, runKey, freezerId, page: pageKey(page) }), type: campaignPageEntity.type, members, frozenAt: at } }));
};

/** The pages of a freeze that lost the run header: nobody reads them. */
export const deletePages = async (tenantId: string, campaignId: string, runKey: string, freezerId: string, pages: number): Promise<void> => {
  await batchDelete(Array.from({ length: pages }, (_, page) => campaignPageEntity.key({ tenantId, campaignId, runKey, freezerId, page: pageKey(page) })));
};

export const getPage = async (tenantId: string, campaignId: string, runKey: string, freezerId: string, page: number): Promise<FrozenMember[]> => {
  const key = campaignPageEntity.key({ tenantId, campaignId, runKey, freezerId, page: pageKey(page) });
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  // Pages frozen before they became the run's record expired after 400 days; a run still going
  // keeps them for good, as its results read them.
  if (Item?.expiresAt !== undefined) await documentClient.send(new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'REMOVE expiresAt' }));
  return (Item?.members ?? []) as FrozenMember[];
};

/** The first complete freeze wins; everyone then works through the winner's pages. */
export const claimRun = async (tenantId: string, campaignId: string, run: CampaignRun): Promise<CampaignRun> => {
  try {
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...campaignRunEntity.key({ tenantId, campaignId, runKey: run.runKey }), type: campaignRunEntity.type, ...run }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return run;
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    const winner = await getRun(tenantId, campaignId, run.runKey);
    if (!winner) throw error;
    return winner;
  }
};

export type Recipient = {
  patientId: string;
  clinicId: string;
  householdKey: string;
  runKey: string;
  arm: 'holdout' | 'treated';
  variant?: string;
  couponCode?: string;
  couponExpiresOn?: string;
  /** the send pipeline's answer (sent, skipped…), once known */
  outcome?: string;
  reason?: string;
  /** a batch run's start, or for a triggered campaign the trigger's time (attribution starts there) */
  assignedAt: string;
  /** a triggered campaign's triggering record (visit, survey, lead, membership): one recipient per record */
  triggerRef?: string;
  /** which trigger (shared/domain/campaigns/triggers.ts) */
  triggerEvent?: string;
  /** when the triggered message falls due */
  dueAt?: string;
};

/** A batch recipient is one per patient; a triggered one is one per (patient, triggering record). */
export const recipientKey = (tenantId: string, campaignId: string, patientId: string, triggerRef?: string) =>
  triggerRef === undefined ? campaignRecipientEntity.key({ tenantId, campaignId, patientId }) : campaignTriggerRecipientEntity.key({ tenantId, campaignId, patientId, ref: triggerRef });

/** The recipient as first recorded: a concurrent or redone page gets the earlier record back. */
export const claimRecipient = async (tenantId: string, campaignId: string, recipient: Recipient): Promise<Recipient> => {
  const key = recipientKey(tenantId, campaignId, recipient.patientId, recipient.triggerRef);
  const type = recipient.triggerRef === undefined ? campaignRecipientEntity.type : campaignTriggerRecipientEntity.type;
  try {
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...key, type, ...recipient }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return recipient;
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return stripKeys(Item ?? {}) as Recipient;
  }
};

/**
 * Recipient items in batch writes (a batch run's held-out members after their page). Plain puts
 * are safe: a held-out member's item is fixed by the freeze, the same in every invocation.
 */
export const putRecipients = async (tenantId: string, campaignId: string, recipients: readonly Recipient[]): Promise<void> => {
  await batchWriteAll(recipients.map((r) => ({ ...recipientKey(tenantId, campaignId, r.patientId), type: campaignRecipientEntity.type, ...r })), 4);
};

export const recordRecipientOutcome = async (tenantId: string, campaignId: string, patientId: string, outcome: string, reason: string | undefined, triggerRef?: string): Promise<void> => {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: recipientKey(tenantId, campaignId, patientId, triggerRef),
      // A duplicate never overwrites what the invocation that sent it recorded.
      UpdateExpression: reason === undefined ? 'SET outcome = :o' : 'SET outcome = :o, reason = :r',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(outcome) OR outcome <> :sent)',
      ExpressionAttributeValues: { ':o': outcome, ':sent': 'sent', ...(reason === undefined ? {} : { ':r': reason }) },
    }),
  ).catch((error: unknown) => { if (!conditionFailed(error)) throw error; });
};

export type CampaignSettings = { approvalRequired: boolean; updatedAt?: string; updatedBy?: string };

/** Approval is on unless the owner turned it off. */
export const getCampaignSettings = async (tenantId: string): Promise<CampaignSettings> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: campaignSettingsEntity.key({ tenantId }) }));
  return { approvalRequired: Item?.approvalRequired !== false, ...(Item?.updatedAt ? { updatedAt: String(Item.updatedAt), updatedBy: String(Item.updatedBy) } : {}) };
};

export const putCampaignSettings = async (tenantId: string, settings: CampaignSettings): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...campaignSettingsEntity.key({ tenantId }), type: campaignSettingsEntity.type, ...settings } }));
};
