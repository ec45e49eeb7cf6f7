/**
 * The send ledger (invariant 7): exactly one message per (purpose, patient, occasion). A send is
 * claimed with a conditional write before SNS is called; duplicates and retries of the same event
 * fail the claim. Failed and deferred sends wait in a retry index until their time.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessagePurpose } from '../../../shared/domain/messaging/purposes.js';
import type { OccasionRef } from '../../../shared/domain/messaging/occasion.js';
import { documentClient, tableName } from './client.js';
import { rollupUpdates, type RollupBuffer } from './kpi-repository.js';
import { deltaForMessageOutcome, type DayCounters, type KpiMessage } from '../../../shared/domain/kpi/rollup.js';
import { defaultTimeZone } from '../../../shared/domain/time.js';
import { queryAll } from './query-all.js';
import { batchGetAll } from './import-batch.js';
import { encodeCursor } from './cursor.js';
import { resolveIndexCursor } from './index-cursor.js';
import { tenantPrefix } from './entities/partitions.js';
import { sendLedgerEntity } from './entities/send-ledger.js';
import type { LedgerDecision, LedgerListEntry, LedgerStatus } from '../../../shared/schemas/messages.js';

export type { LedgerDecision, LedgerListEntry, LedgerStatus };
export type LedgerKey = { tenantId: string; patientId: string; purpose: MessagePurpose; occasion: string };
/** What a retry needs to send the same message and check its occasion again. */
export type RetryPayload = { template: string; values: Record<string, string>; ref: OccasionRef };

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
  /** what the ledger held before (a failed or deferred try), for the KPI counts */
  previous?: KpiMessage;
};

/** When the sweep looks at a claim made at `claimedAt`. */
export const sweepDueAt = (claimedAt: string): string => new Date(Date.parse(claimedAt) + staleClaimMinutes * 60_000).toISOString();

/**
 * Claims the send. Holds only when the occasion was never tried, or its failed or deferred try is
 * due again. Returns the attempt number, or null for everything else (sent, claimed, skipped,
 * unknown). The claim waits for the sweep in the keys-only claim index (a crash leaves it
 * recoverable) with what a recovery needs to send it; it leaves the retry index, and enters the
 * automation's list with its outcome (one index write for both, the sort key is the same moment).
 */
export const claimSend = async (k: LedgerKey, clinicId: string, now: string, retry?: RetryPayload): Promise<Claim | null> => {
  const { retryDue, claimSweep } = sendLedgerEntity.indexes;
  const due = sweepDueAt(now);
  const swept = claimSweep.set({ pk: claimSweep.pk.fill(k), sk: claimSweep.sk.fill({ ...k, sweepAt: due }) });
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(k),
        UpdateExpression:
          `SET #status = :claimed, claimedAt = :now, retryAt = :due, purpose = :purpose, occasion = :occasion, patientId = :patient, clinicId = :clinic, attempts = if_not_exists(attempts, :zero) + :one, ${swept.clauses.join(', ')}${retry ? ', #retry = :retry' : ''} REMOVE handingAt, messageId, ${retryDue.removeExpression}`,
        ConditionExpression: 'attribute_not_exists(pk) OR (#status IN (:failed, :deferred) AND retryAt <= :now)',
        ExpressionAttributeNames: { '#status': 'status', ...(retry ? { '#retry': 'retry' } : {}) },
        ExpressionAttributeValues: {
          ':claimed': 'claimed', ':now': now, ':due': due, ':purpose': k.purpose, ':occasion': k.occasion, ':patient': k.patientId, ':clinic': clinicId,
          ':zero': 0, ':one': 1, ':failed': 'failed', ':deferred': 'deferred', ...swept.values, ...(retry ? { ':retry': retry } : {}),
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return { attempt: Number(Attributes?.attempts ?? 0) + 1, claimedAt: now, ...(Attributes ? { previous: kpiMessageOf(k, Attributes) } : {}) };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
};

/**
 * Written right before the channel is called, and only while this claim still holds: a claim
 * found with the marker but no message id was (maybe) handed to the channel; one without it
 * never was. The message id goes in the very next write (recordOutcome), nothing in between.
 */
export const markHanding = async (k: LedgerKey, claimedAt: string, at: string): Promise<boolean> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(k),
        UpdateExpression: 'SET handingAt = :at',
        ConditionExpression: '#status = :claimed AND claimedAt = :claimedAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':at': at, ':claimed': 'claimed', ':claimedAt': claimedAt },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
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
    /** the clinic's zone: the KPI day the message counts on */
    timeZone?: string;
    /** what the claim replaced (claimSend's `previous`), when recording a claimed send */
    previous?: KpiMessage;
    /** a job's buffer for the KPI counts; written at once without one */
    counts?: RollupBuffer;
    /** with onlyIfClaimed: the claim this outcome belongs to (a later claim is not overwritten) */
    claimedAt?: string;
  },
  onlyIfClaimed: boolean,
): Promise<boolean> => {
  const { retryDue, byPurpose, claimSweep } = sendLedgerEntity.indexes;
  const retry = outcome.retryAt ? retryDue.set({ pk: retryDue.pk.fill(k), sk: retryDue.sk.fill({ ...k, retryAt: outcome.retryAt }) }) : undefined;
  // Every decision moves the entry to the top of its automation's list (the outbox page).
  const listed = byPurpose.set({ pk: byPurpose.pk.fill({ tenantId: k.tenantId, purpose: k.purpose }), sk: byPurpose.sk.fill({ at: outcome.decision.at, patientId: k.patientId, occasion: k.occasion }) });
  const sets = [...listed.clauses, 'lastReason = :reason', '#status = :status', 'decisions = list_append(if_not_exists(decisions, :empty), :decision)', 'purpose = :purpose', 'occasion = :occasion', 'patientId = :patient', 'clinicId = :clinic', 'updatedAt = :at'];
  const values: Record<string, unknown> = {
    ':status': outcome.status, ':decision': [outcome.decision], ':empty': [], ':purpose': k.purpose, ':occasion': k.occasion, ':patient': k.patientId, ':clinic': clinicId, ':at': outcome.decision.at,
    ':reason': outcome.decision.reason ?? outcome.decision.kind,
    ...listed.values,
  };
  if (retry) {
    sets.push('retryAt = :retryAt', ...retry.clauses);
    Object.assign(values, { ':retryAt': outcome.retryAt, ...retry.values });
  }
  if (outcome.retry) { sets.push('retry = :retry'); values[':retry'] = outcome.retry; }
  if (outcome.messageId) { sets.push('messageId = :mid'); values[':mid'] = outcome.messageId; }
  if (outcome.sentAt) { sets.push('sentAt = :sentAt'); values[':sentAt'] = outcome.sentAt; }
  let old: Record<string, unknown> | undefined;
  try {
    ({ Attributes: old } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(k),
        // The claimed path already knows what it replaced (claimSend returned it).
        ReturnValues: onlyIfClaimed ? 'NONE' : 'ALL_OLD',
        // The outcome ends the claim: out of the sweep's index (absent keys remove nothing).
        UpdateExpression: `SET ${sets.join(', ')} REMOVE ${claimSweep.removeExpression}${retry ? '' : `, ${retryDue.removeExpression}, retryAt`}`,
        // A skip or deferral never overwrites a send in flight or done; the same skip again (a
        // reminder run every 15 minutes for a patient without consent) writes nothing.
        ConditionExpression: onlyIfClaimed
          ? `#status = :claimed${outcome.claimedAt ? ' AND claimedAt = :claimedAt' : ''}`
          : 'attribute_not_exists(pk) OR #status IN (:failed, :deferred) OR (#status = :skipped AND (attribute_not_exists(lastReason) OR lastReason <> :reason))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...values, ...(onlyIfClaimed ? { ':claimed': 'claimed', ...(outcome.claimedAt ? { ':claimedAt': outcome.claimedAt } : {}) } : { ':failed': 'failed', ':deferred': 'deferred', ':skipped': 'skipped' }) },
      }),
    ));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
  const previous = onlyIfClaimed ? outcome.previous : old ? kpiMessageOf(k, old) : undefined;
  const after: KpiMessage = { clinicId, purpose: k.purpose, status: outcome.status, at: outcome.decision.at, ...(outcome.decision.reason ? { skipReason: outcome.decision.reason } : {}) };
  const deltas = deltaForMessageOutcome(previous, after, outcome.timeZone ?? defaultTimeZone);
  if (outcome.counts) outcome.counts.add(deltas);
  else await countMessage(k.tenantId, deltas);
  return true;
};

/**
 * Messages sent / skipped / failed per automation in the KPI rollups. A plain ADD after the ledger
 * write (a transaction would double the cost of every message): a crash between the two loses one
 * count, never a message; the nightly metrics do not depend on it.
 */
const countMessage = async (tenantId: string, deltas: DayCounters[]): Promise<void> => {
  for (const action of rollupUpdates(tenantId, deltas)) {
    if (action.Update) await documentClient.send(new UpdateCommand(action.Update));
  }
};

const kpiMessageOf = (k: LedgerKey, item: Record<string, unknown>): KpiMessage => {
  const decisions = Array.isArray(item.decisions) ? (item.decisions as LedgerDecision[]) : [];
  const last = decisions.at(-1);
  return {
    clinicId: String(item.clinicId ?? ''),
    purpose: k.purpose,
    status: item.status as KpiMessage['status'],
    at: last?.at ?? String(item.updatedAt ?? item.claimedAt ?? ''),
    ...(last?.reason ? { skipReason: last.reason } : {}),
  };
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

/** Sends waiting to be tried again, due by `now` (claims enter at their sweep time: see claimSend). */
export const dueRetries = async (tenantId: string, now: string, limit = 500): Promise<LedgerEntry[]> =>
  (
    await queryAll(
      sendLedgerEntity.indexes.retryDue.query({ tenantId }, { le: `${now}~` }),
      limit,
    )
  ).map((i) => i as unknown as LedgerEntry);

/**
 * Claims whose sweep time is due by `dueBy`, read whole and consistently (the claim index holds
 * keys only, and may still list a claim its outcome just ended: the status decides). Claims made
 * before the claim index entered the retry index at their sweep time: read there too.
 */
export const openClaims = async (tenantId: string, dueBy: string, limit = 5000): Promise<LedgerEntry[]> => {
  const keys = (await queryAll(sendLedgerEntity.indexes.claimSweep.query({ tenantId }, { le: `${dueBy}~` }), limit)).map((i) => ({ pk: String(i.pk), sk: String(i.sk) }));
  const found = keys.length === 0 ? new Map<string, Record<string, unknown>>() : await batchGetAll(keys);
  const fromRetryIndex = (await dueRetries(tenantId, dueBy, limit)).filter((e) => e.status === 'claimed');
  const current = [...found.values()].map((i) => i as unknown as LedgerEntry).filter((e) => e.status === 'claimed');
  const seen = new Set(current.map((e) => `${e.patientId}|${e.purpose}|${e.occasion}`));
  return [...current, ...fromRetryIndex.filter((e) => !seen.has(`${e.patientId}|${e.purpose}|${e.occasion}`))];
};

const ledgerFields = ['patientId', 'clinicId', 'purpose', 'occasion', 'status', 'attempts', 'decisions', 'retryAt', 'sentAt', 'updatedAt', 'claimedAt', 'messageId'] as const;
const toListEntry = (item: Record<string, unknown>): LedgerListEntry => {
  const out: Record<string, unknown> = {};
  for (const f of ledgerFields) if (item[f] !== undefined) out[f] = item[f];
  return out as LedgerListEntry;
};

/** One automation's decisions, newest first (the retry payload stays inside). */
export const listLedgerByPurpose = async (tenantId: string, purpose: MessagePurpose, limit: number, cursor?: string): Promise<{ items: LedgerListEntry[]; cursor?: string }> => {
  const { byPurpose } = sendLedgerEntity.indexes;
  const page = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      ...byPurpose.query({ tenantId, purpose }),
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: await resolveIndexCursor(cursor, byPurpose, byPurpose.pk.fill({ tenantId, purpose }), tenantPrefix(tenantId)),
    }),
  );
  const next = encodeCursor(page.LastEvaluatedKey);
  return { items: (page.Items ?? []).map(toListEntry), ...(next ? { cursor: next } : {}) };
};

/** One patient's messages of every automation (or one), by occasion. */
export const listPatientLedger = async (tenantId: string, patientId: string, purpose?: MessagePurpose): Promise<LedgerListEntry[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: { ':pk': sendLedgerEntity.pk.fill({ tenantId, patientId }), ':msg': sendLedgerEntity.sk.prefix(purpose ? { purpose } : {}) },
    })
  ).map(toListEntry);

/** The status of one ledger item (undefined when the occasion was never decided). */
export const ledgerStatusOf = async (k: LedgerKey): Promise<LedgerStatus | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key(k), ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 'status' } }));
  return Item?.status as LedgerStatus | undefined;
};
