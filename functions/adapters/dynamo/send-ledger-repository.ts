/**
 * The send ledger (invariant 7): exactly one message per (purpose, patient, occasion). A send is
 * claimed with a conditional write before SNS is called; duplicates and retries of the same event
 * fail the claim. Failed and deferred sends wait in a retry index until their time.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { messagePurposes, type MessagePurpose } from '../../../shared/domain/messaging/purposes.js';
import type { OccasionRef } from '../../../shared/domain/messaging/occasion.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { batchGetAll, keyString } from './import-batch.js';
import { encodeCursor } from './cursor.js';
import { mapLimit } from '../../lib/concurrency.js';
import { resolveIndexCursor } from './index-cursor.js';
import { tenantPrefix } from './entities/partitions.js';
import { sendLedgerEntity } from './entities/send-ledger.js';
import type { IndexAttributes } from './entities/define-entity.js';
import type { LedgerDecision, LedgerListEntry, LedgerStatus } from '../../../shared/schemas/messages.js';

export type { LedgerDecision, LedgerListEntry, LedgerStatus };
export type LedgerKey = { tenantId: string; patientId: string; purpose: MessagePurpose; occasion: string };
/** What a retry needs to send the same message and check its occasion again. */
export type RetryPayload = {
  template: string;
  values: Record<string, string>;
  ref: OccasionRef;
  /** a campaign message's variant: the patient profile's campaign section names it (patient-campaigns-repository.ts) */
  variant?: string;
};

const key = (k: LedgerKey) => sendLedgerEntity.key({ tenantId: k.tenantId, patientId: k.patientId, purpose: k.purpose, occasion: k.occasion });

/**
 * A claim older than this was abandoned by a crash, not in flight: longer than any sending job's
 * timeout (10 minutes), so the process that made it is dead. The claim sweep
 * (functions/jobs/claim-sweep.ts) resolves it; nothing else ever takes a claim over.
 */
export const staleClaimMinutes = 15;

export type Claim = {
  attempt: number;
  /** the claim's time: the handing marker and the outcome are written only while it still holds */
  claimedAt: string;
  /** the whole item as a first claim wrote it: its outcome can then be one plain put too */
  item?: Record<string, unknown>;
};

/**
 * A first claim, when the batch read a moment ago found no item: the whole item in one put,
 * conditional on there still being none (a plain put is the cheapest conditional write). Returns
 * undefined when an item appeared meanwhile; the caller then claims by update, which decides.
 */
const claimFresh = async (k: LedgerKey, clinicId: string, now: string, retry?: RetryPayload): Promise<Claim | undefined> => {
  const item = {
    ...key(k), status: 'claimed', claimedAt: now, handingAt: now, purpose: k.purpose, occasion: k.occasion, patientId: k.patientId, clinicId, attempts: 1,
    ...sendLedgerEntity.indexes.byPurpose.keys({ tenantId: k.tenantId, purpose: k.purpose, at: now, patientId: k.patientId, occasion: k.occasion }),
    ...(retry ? { retry } : {}),
  };
  try {
    await documentClient.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return { attempt: 1, claimedAt: now, item };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
};

/**
 * The list placement a decision writes: only when the item has none yet (the first decision), so
 * a later decision changes no index copy (gsi4 holds keys only). Items still listed in the old
 * index (gsi2, all attributes) leave it on their next write.
 */
export const listedOnce = (k: LedgerKey, at: string): { sets: string[]; remove: string; values: Record<string, string> } => {
  const { byPurpose, byPurposeBefore } = sendLedgerEntity.indexes;
  return {
    sets: [`${byPurpose.pkAttribute} = if_not_exists(${byPurpose.pkAttribute}, :listPk)`, `${byPurpose.skAttribute} = if_not_exists(${byPurpose.skAttribute}, :listSk)`],
    remove: byPurposeBefore.removeExpression,
    values: { ':listPk': byPurpose.pk.fill(k), ':listSk': byPurpose.sk.fill({ at, patientId: k.patientId, occasion: k.occasion }) },
  };
};

/**
 * Claims the send, right before the channel is called (the pipeline decides, renders and takes
 * the shared-phone claim first). Holds only when the occasion was never tried, or its failed or
 * deferred try is due again. Returns the attempt number, or null for everything else (sent,
 * claimed, skipped, unknown). The claim is its own handing marker (`handingAt`): nothing but the
 * publish follows it, so a claim a crash left was maybe handed to the channel. It moves the item
 * to the claim's moment in its automation's list, where the claim sweep finds it (a new item:
 * one index write; a retry's claim: the entry moves), with what a recovery needs to send it.
 */
export const claimSend = async (k: LedgerKey, clinicId: string, now: string, retry?: RetryPayload, options: { fresh?: boolean } = {}): Promise<Claim | null> => {
  const first = options.fresh ? await claimFresh(k, clinicId, now, retry) : undefined;
  if (first) return first;
  const { retryDue, byPurpose, byPurposeBefore } = sendLedgerEntity.indexes;
  const listed = byPurpose.set({ pk: byPurpose.pk.fill(k), sk: byPurpose.sk.fill({ at: now, patientId: k.patientId, occasion: k.occasion }) });
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(k),
        UpdateExpression:
          `SET #status = :claimed, claimedAt = :now, handingAt = :now, purpose = :purpose, occasion = :occasion, patientId = :patient, clinicId = :clinic, attempts = if_not_exists(attempts, :zero) + :one, ${listed.clauses.join(', ')}${retry ? ', #retry = :retry' : ''} REMOVE messageId, channel, retryAt, ${retryDue.removeExpression}, ${byPurposeBefore.removeExpression}`,
        ConditionExpression: 'attribute_not_exists(pk) OR (#status IN (:failed, :deferred) AND retryAt <= :now)',
        ExpressionAttributeNames: { '#status': 'status', ...(retry ? { '#retry': 'retry' } : {}) },
        ExpressionAttributeValues: {
          ':claimed': 'claimed', ':now': now, ':purpose': k.purpose, ':occasion': k.occasion, ':patient': k.patientId, ':clinic': clinicId,
          ':zero': 0, ':one': 1, ':failed': 'failed', ':deferred': 'deferred', ...listed.values, ...(retry ? { ':retry': retry } : {}),
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return { attempt: Number(Attributes?.attempts ?? 0) + 1, claimedAt: now };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
};

/**
 * A first claim's send, recorded as the whole item in one put while its claim still holds: what
 * the update would leave (status, decision, message id), at a plain put's cost. The list entry's
 * keys are the claim's, so no index copy changes.
 */
export const sentItem = (claimed: Record<string, unknown>, outcome: { decision: LedgerDecision; messageId?: string; sentAt?: string; channel?: string }): Record<string, unknown> => ({
  ...claimed, status: 'sent', decisions: [outcome.decision], lastReason: outcome.decision.reason ?? outcome.decision.kind, updatedAt: outcome.decision.at,
  ...(outcome.messageId ? { messageId: outcome.messageId } : {}), ...(outcome.sentAt ? { sentAt: outcome.sentAt } : {}), ...(outcome.channel ? { channel: outcome.channel } : {}),
});

const putSent = async (claimed: Record<string, unknown>, outcome: { decision: LedgerDecision; messageId?: string; sentAt?: string; channel?: string }): Promise<void> => {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: sentItem(claimed, outcome),
      ConditionExpression: '#status = :claimed AND claimedAt = :claimedAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':claimed': 'claimed', ':claimedAt': claimed.claimedAt },
    }),
  );
};

/** Records how a claimed (or undecided) send ended, with the decision appended to its history. */
export const recordOutcome = async (
  k: LedgerKey,
  clinicId: string,
  outcome: {
    status: Exclude<LedgerStatus, 'claimed'>;
    decision: LedgerDecision;
    retryAt?: string;
    messageId?: string;
    sentAt?: string;
    retry?: RetryPayload;
    /** with onlyIfClaimed: the claim this outcome belongs to (a later claim is not overwritten) */
    claimedAt?: string;
    /** with onlyIfClaimed: the item as a first claim wrote it (Claim.item) */
    claimedItem?: Record<string, unknown>;
    /** the provider that carried (or refused) it, when not SNS (issue 14) */
    channel?: string;
  },
  onlyIfClaimed: boolean,
): Promise<boolean> => {
  const { retryDue } = sendLedgerEntity.indexes;
  const retry = outcome.retryAt ? retryDue.set({ pk: retryDue.pk.fill(k), sk: retryDue.sk.fill({ ...k, retryAt: outcome.retryAt }) }) : undefined;
  // A claimed send is listed already (claimSend); a first skip or deferral enters the list here.
  const listed = listedOnce(k, outcome.decision.at);
  const sets = [...(onlyIfClaimed ? [] : listed.sets), 'lastReason = :reason', '#status = :status', 'decisions = list_append(if_not_exists(decisions, :empty), :decision)', 'purpose = :purpose', 'occasion = :occasion', 'patientId = :patient', 'clinicId = :clinic', 'updatedAt = :at'];
  const values: Record<string, unknown> = {
    ':status': outcome.status, ':decision': [outcome.decision], ':empty': [], ':purpose': k.purpose, ':occasion': k.occasion, ':patient': k.patientId, ':clinic': clinicId, ':at': outcome.decision.at,
    ':reason': outcome.decision.reason ?? outcome.decision.kind,
    ...(onlyIfClaimed ? {} : listed.values),
  };
  if (retry) {
    sets.push('retryAt = :retryAt', ...retry.clauses);
    Object.assign(values, { ':retryAt': outcome.retryAt, ...retry.values });
  }
  if (outcome.retry) { sets.push('retry = :retry'); values[':retry'] = outcome.retry; }
  if (outcome.messageId) { sets.push('messageId = :mid'); values[':mid'] = outcome.messageId; }
  if (outcome.sentAt) { sets.push('sentAt = :sentAt'); values[':sentAt'] = outcome.sentAt; }
  if (outcome.channel) { sets.push('channel = :channel'); values[':channel'] = outcome.channel; }
  try {
    if (onlyIfClaimed && outcome.claimedItem && outcome.status === 'sent') await putSent(outcome.claimedItem, outcome);
    else await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(k),
        // Absent attributes remove nothing (and write no index).
        UpdateExpression: `SET ${sets.join(', ')}${onlyIfClaimed ? '' : ` REMOVE ${listed.remove}`}${retry ? '' : `${onlyIfClaimed ? ' REMOVE' : ','} ${retryDue.removeExpression}, retryAt`}`,
        // A skip or deferral never overwrites a send in flight or done; the same skip again (a
        // reminder run every 15 minutes for a patient without consent) writes nothing.
        ConditionExpression: onlyIfClaimed
          ? `#status = :claimed${outcome.claimedAt ? ' AND claimedAt = :claimedAt' : ''}`
          : 'attribute_not_exists(pk) OR #status IN (:failed, :deferred) OR (#status = :skipped AND (attribute_not_exists(lastReason) OR lastReason <> :reason))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...values, ...(onlyIfClaimed ? { ':claimed': 'claimed', ...(outcome.claimedAt ? { ':claimedAt': outcome.claimedAt } : {}) } : { ':failed': 'failed', ':deferred': 'deferred', ':skipped': 'skipped' }) },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
  return true;
};

/**
 * A provider's delivery receipt on the message it belongs to: only a sent message, carried by that
 * provider under that id (a report for another message, or forged, changes nothing). Returns
 * whether it applied.
 */
/**
 * A provider's delivery report onto its message: applied when the message is the one the provider
 * id names; pending when the message is still being handed over (its send has not recorded the id
 * yet: the provider should push again); ignored otherwise.
 */
export const recordDelivery = async (k: LedgerKey, receipt: { channel: string; providerMessageId: string; status: 'delivered' | 'failed'; at: string; code?: string }): Promise<'applied' | 'pending' | 'ignored'> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(k),
        UpdateExpression: 'SET delivery = :delivery',
        ConditionExpression: 'attribute_exists(pk) AND messageId = :mid AND channel = :channel',
        ExpressionAttributeValues: { ':delivery': { status: receipt.status, at: receipt.at, ...(receipt.code ? { code: receipt.code } : {}) }, ':mid': receipt.providerMessageId, ':channel': receipt.channel },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'applied';
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return error.Item?.status?.S === 'claimed' && error.Item.messageId === undefined ? 'pending' : 'ignored';
  }
};

/** Marketing messages sent to a patient since `since` (the contact budget). */
export const marketingSentSince = async (tenantId: string, patientId: string, marketingPurposes: string[], since: string): Promise<number> => {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
    ExpressionAttributeValues: { ':pk': sendLedgerEntity.pk.fill({ tenantId, patientId }), ':msg': sendLedgerEntity.sk.prefix() },
    ProjectionExpression: 'purpose, #s, sentAt',
    ExpressionAttributeNames: { '#s': 'status' },
  });
  return items.filter((i) => i.status === 'sent' && marketingPurposes.includes(String(i.purpose)) && String(i.sentAt) >= since).length;
};

export type LedgerEntry = {
  patientId: string; purpose: MessagePurpose; occasion: string; clinicId: string; status: LedgerStatus; retryAt?: string; decisions: LedgerDecision[]; retry?: RetryPayload;
  /** a claim's: when it was made, whether it was handed to the channel, and the channel's id */
  claimedAt?: string; handingAt?: string; messageId?: string; attempts?: number;
};

/** Sends waiting to be tried again, due by `now`. */
export const dueRetries = async (tenantId: string, now: string, limit = 500): Promise<LedgerEntry[]> =>
  (
    await queryAll(
      sendLedgerEntity.indexes.retryDue.query({ tenantId }, { le: `${now}~` }),
      limit,
    )
  ).map((i) => i as unknown as LedgerEntry);

const itemsOf = async (keys: readonly Record<string, unknown>[]): Promise<Map<string, Record<string, unknown>>> =>
  keys.length === 0 ? new Map() : batchGetAll(keys.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })));

/**
 * Claims made in [`after`, `upTo`): the automations' lists by claim time (a claim moves its item
 * to its moment), each item read whole and strongly consistent; the status decides, since most
 * entries were decided long ago. Claims made before the lists moved to gsi4 waited in the retry
 * index at their sweep time: read there too (`legacyDueBy`).
 */
export const openClaims = async (tenantId: string, range: { after: string; upTo: string; legacyDueBy: string }, limit = 5000): Promise<LedgerEntry[]> => {
  const { byPurpose } = sendLedgerEntity.indexes;
  const listed = (await mapLimit(messagePurposes, { limit: 4 }, (purpose) => queryAll(byPurpose.query({ tenantId, purpose }, { between: [range.after, range.upTo] }), limit))).flat();
  const found = await itemsOf(listed);
  const fromRetryIndex = (await dueRetries(tenantId, range.legacyDueBy, limit)).filter((e) => e.status === 'claimed');
  const current = [...found.values()].map((i) => i as unknown as LedgerEntry).filter((e) => e.status === 'claimed');
  const seen = new Set(current.map((e) => `${e.patientId}|${e.purpose}|${e.occasion}`));
  return [...current, ...fromRetryIndex.filter((e) => !seen.has(`${e.patientId}|${e.purpose}|${e.occasion}`))];
};

const ledgerFields = ['patientId', 'clinicId', 'purpose', 'occasion', 'status', 'attempts', 'decisions', 'retryAt', 'sentAt', 'updatedAt', 'claimedAt', 'messageId', 'channel', 'delivery'] as const;
const toListEntry = (item: Record<string, unknown>): LedgerListEntry => {
  const out: Record<string, unknown> = {};
  for (const f of ledgerFields) if (item[f] !== undefined) out[f] = item[f];
  return out as LedgerListEntry;
};

type ListPage = { items: Record<string, unknown>[]; next?: Record<string, unknown> };

/** One page of a list index, newest first; a keys-only index's items are read by key (reads are a fifth of a write's price). */
/** Decision instants (ISO, UTC): from, inclusive, and before, exclusive. The list's sort key starts with the decision's time. */
export type DecidedRange = { from?: string; before?: string };

const listPage = async (index: IndexAttributes & { name: string; needs: string }, partition: string, limit: number, start: Record<string, unknown> | undefined, days: DecidedRange = {}): Promise<ListPage> => {
  const ranged = days.from !== undefined || days.before !== undefined;
  const page = await documentClient.send(
    new QueryCommand({
      TableName: tableName, IndexName: index.name,
      KeyConditionExpression: ranged ? '#ipk = :ipk AND #isk BETWEEN :from AND :to' : '#ipk = :ipk',
      ExpressionAttributeNames: { '#ipk': index.pkAttribute, ...(ranged ? { '#isk': index.skAttribute } : {}) },
      ExpressionAttributeValues: { ':ipk': partition, ...(ranged ? { ':from': days.from ?? '0000', ':to': days.before ?? '9999' } : {}) },
      ScanIndexForward: false, Limit: limit, ExclusiveStartKey: start,
    }),
  );
  const keys = page.Items ?? [];
  const found = index.needs === 'ALL' ? undefined : await itemsOf(keys);
  const items = found ? keys.flatMap((i): Record<string, unknown>[] => { const item = found.get(`${String(i.pk)}|${String(i.sk)}`); return item ? [item] : []; }) : keys;
  return { items, ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
};

/**
 * One automation's decisions, newest first (the retry payload stays inside). Items decided
 * before the lists moved to gsi4 are listed after them, from the old index, until rewritten.
 */
export const listLedgerByPurpose = async (tenantId: string, purpose: MessagePurpose, limit: number, cursor?: string, days: DecidedRange = {}): Promise<{ items: LedgerListEntry[]; cursor?: string }> => {
  const { byPurpose, byPurposeBefore } = sendLedgerEntity.indexes;
  const current = byPurpose.pk.fill({ tenantId, purpose });
  const before = byPurposeBefore.pk.fill({ tenantId, purpose });
  const inCurrent = await resolveIndexCursor(cursor, byPurpose, current, tenantPrefix(tenantId)).catch(() => undefined);
  const inBefore = cursor !== undefined && !inCurrent ? await resolveIndexCursor(cursor, byPurposeBefore, before, tenantPrefix(tenantId)) : undefined;
  const first = inBefore ? { items: [] } : await listPage(byPurpose, current, limit, inCurrent, days);
  const rest = first.next || first.items.length >= limit ? { items: [] } : await listPage(byPurposeBefore, before, limit - first.items.length, inBefore, days);
  const next = encodeCursor(first.next ?? rest.next);
  return { items: [...first.items, ...rest.items].map(toListEntry), ...(next ? { cursor: next } : {}) };
};

/** One patient's messages of every automation (or one), by occasion. */
export const listPatientLedger = async (tenantId: string, patientId: string, purpose?: MessagePurpose): Promise<LedgerListEntry[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: { ':pk': sendLedgerEntity.pk.fill({ tenantId, patientId }), ':msg': sendLedgerEntity.sk.prefix(purpose ? { purpose } : {}) },
    })
  ).map(toListEntry);

/** What the ledger says of an occasion: its status and the reason of its last decision. */
export type LedgerWord = { status: LedgerStatus; lastReason?: string };

const wordOf = (item: Record<string, unknown> | undefined): LedgerWord | undefined =>
  item?.status ? { status: item.status as LedgerStatus, ...(typeof item.lastReason === 'string' ? { lastReason: item.lastReason } : {}) } : undefined;

/**
 * One occasion's word, read strongly consistent: a caller acts on it right after its own claim
 * failed (another invocation's claim just went in), and an eventual read could still say "deferred"
 * or nothing.
 */
export const ledgerWordOf = async (k: LedgerKey): Promise<LedgerWord | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key(k), ConsistentRead: true, ProjectionExpression: '#s, lastReason', ExpressionAttributeNames: { '#s': 'status' } }));
  return wordOf(Item);
};

/** The status of one ledger item (undefined when the occasion was never decided). */
export const ledgerStatusOf = async (k: LedgerKey): Promise<LedgerStatus | undefined> => (await ledgerWordOf(k))?.status;

/** Many occasions' words at once (strongly consistent), in the keys' order (undefined: never decided). */
export const ledgerWordsOf = async (keys: readonly LedgerKey[]): Promise<(LedgerWord | undefined)[]> => {
  const items = await batchGetAll(keys.map(key), { projection: ['status', 'lastReason'] });
  return keys.map((k) => wordOf(items.get(keyString(key(k)))));
};
