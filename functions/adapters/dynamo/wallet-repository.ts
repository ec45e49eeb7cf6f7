/**
 * Stored value in DynamoDB: the account item (balances and version) and its ledger rows live in
 * the patient's partition, and every change is one TransactWriteItems — the account update,
 * conditioned on the balances it takes from staying ≥ 0, and the ledger row put once — so
 * concurrent debits can never overspend and the balance always equals the ledger sum.
 *
 * The account update adds deltas (`principalFen = principalFen + :dp`) instead of writing values
 * read earlier, so no update can be lost; a version condition is added only where the plan depends
 * on the whole balance (a refund forfeits the bonus it read).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeTime } from 'ulid';
import { defaultWalletRules } from '../../../shared/domain/wallet/bonus-rules.js';
import { planMerge } from '../../../shared/domain/wallet/operations.js';
import type { WalletBalance } from '../../../shared/domain/wallet/ledger.js';
import type { WalletEntry, WalletRulesView } from '../../../shared/schemas/wallet.js';
import { walletDeltas } from '../../../shared/domain/members/numbers.js';
import { defaultTimeZone, localDay } from '../../../shared/domain/time.js';
import { documentClient, tableName } from './client.js';
import { memberBalanceUpdates, memberMonthUpdates } from './member-numbers-repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { walletAccountEntity, walletBonusExpiryEntity, walletKeyEntity, walletLedgerEntity, walletRulesEntity } from './entities/wallet.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type WalletAccount = WalletBalance & { version: number };

/** One ledger entry to write for one patient, with what guards it. */
export type WalletWrite = {
  tenantId: string;
  patientId: string;
  /** the patient's own clinic: where the owner's stored-value numbers count this entry */
  clinicId: string;
  entry: WalletEntry;
  /** only when the plan depends on the whole balance read (refund) */
  expectedVersion?: number;
  idempotency?: { key: string; requestHash: string };
};

export type WalletConflictReason = 'balance' | 'key-exists' | 'already-voided' | 'contention';

export class WalletConflict extends Error {
  override readonly name = 'WalletConflict';
  constructor(readonly reason: WalletConflictReason) {
    super(`wallet write refused: ${reason}`);
  }
}

const emptyAccount: WalletAccount = { principalFen: 0, bonusFen: 0, version: 0 };

export const getWalletAccount = async (tenantId: string, patientId: string): Promise<WalletAccount> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: walletAccountEntity.key({ tenantId, patientId }), ConsistentRead: true }));
  if (!Item) return emptyAccount;
  return { principalFen: Number(Item.principalFen ?? 0), bonusFen: Number(Item.bonusFen ?? 0), version: Number(Item.version ?? 0) };
};

/** The account update: adds the deltas, and holds only if every part it takes from covers it. */
const accountUpdate = (write: WalletWrite): TransactItem => {
  const { entry } = write;
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':dp': entry.principalFen, ':db': entry.bonusFen, ':zero': 0, ':one': 1, ':at': entry.at, ':type': walletAccountEntity.type };
  if (entry.principalFen < 0) { conditions.push('principalFen >= :needP'); values[':needP'] = -entry.principalFen; }
  if (entry.bonusFen < 0) { conditions.push('bonusFen >= :needB'); values[':needB'] = -entry.bonusFen; }
  if (write.expectedVersion !== undefined) {
    conditions.push(write.expectedVersion === 0 ? 'attribute_not_exists(version)' : 'version = :v');
    if (write.expectedVersion !== 0) values[':v'] = write.expectedVersion;
  }
  return {
    Update: {
      TableName: tableName,
      Key: walletAccountEntity.key({ tenantId: write.tenantId, patientId: write.patientId }),
      UpdateExpression: 'SET principalFen = if_not_exists(principalFen, :zero) + :dp, bonusFen = if_not_exists(bonusFen, :zero) + :db, version = if_not_exists(version, :zero) + :one, updatedAt = :at, #type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: values,
      ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
    },
  };
};

const ledgerKey = (tenantId: string, patientId: string, entry: Pick<WalletEntry, 'at' | 'entryId'>) => walletLedgerEntity.key({ tenantId, patientId, at: entry.at, entryId: entry.entryId });

/**
 * The TransactWriteItems of one wallet change, in this order: the account update (index 0), the
 * ledger row (1), and the idempotency claim (2) when a key is given. Checkout includes the items
 * of a debit in its own transaction (so a visit paid by stored value and its debit commit
 * together); there, a ConditionalCheckFailed on the first of these items means the balance no
 * longer covers the debit: plan again from a fresh `getWalletAccount`, or refuse with 409.
 */
export const walletWriteItems = (write: WalletWrite): TransactItem[] => {
  const { tenantId, patientId, entry } = write;
  const items: TransactItem[] = [
    accountUpdate(write),
    { Put: { TableName: tableName, Item: { ...ledgerKey(tenantId, patientId, entry), type: walletLedgerEntity.type, ...entry }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  if (write.idempotency) {
    items.push({
      Put: {
        TableName: tableName,
        Item: { ...walletKeyEntity.key({ tenantId, patientId, key: write.idempotency.key }), type: walletKeyEntity.type, entryId: entry.entryId, at: entry.at, requestHash: write.idempotency.requestHash },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  return items;
};

/**
 * The account and ledger rows a sequence of entries leaves (each entry one walletWriteItems
 * transaction: balances summed, version counted): the demo history writes its wallets so.
 */
export const walletStateItems = (tenantId: string, patientId: string, entries: readonly WalletEntry[]): Record<string, unknown>[] => {
  const last = entries.at(-1);
  if (!last) return [];
  return [
    {
      ...walletAccountEntity.key({ tenantId, patientId }), type: walletAccountEntity.type, updatedAt: last.at, version: entries.length,
      principalFen: entries.reduce((s, e) => s + e.principalFen, 0), bonusFen: entries.reduce((s, e) => s + e.bonusFen, 0),
    },
    ...entries.map((entry) => ({ ...ledgerKey(tenantId, patientId, entry), type: walletLedgerEntity.type, ...entry })),
  ];
};

/** Marks a debit voided, once: part of the void's transaction. */
const voidMark = (tenantId: string, patientId: string, debit: Pick<WalletEntry, 'at' | 'entryId'>, voidedAt: string): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: ledgerKey(tenantId, patientId, debit),
    UpdateExpression: 'SET voidedAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND kind = :debit AND attribute_not_exists(voidedAt)',
    ExpressionAttributeValues: { ':at': voidedAt, ':debit': 'debit' },
  },
});

type Labelled = { item: TransactItem; onFail: WalletConflictReason };

const label = (items: TransactItem[]): Labelled[] => items.map((item, i) => ({ item, onFail: i === 0 ? 'balance' : i === 2 ? 'key-exists' : 'contention' }));

const send = async (labelled: Labelled[]): Promise<void> => {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: labelled.map((l) => l.item) }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
    if (failed >= 0) throw new WalletConflict(labelled[failed]?.onFail ?? 'contention');
    throw new WalletConflict('contention');
  }
};

/**
 * The owner's numbers the entries move (month flows and running balances per clinic), merged so
 * that a transfer within one clinic touches its items once. No conditions: they never refuse.
 * Months are China's (every clinic of the product is on Beijing time; a clinic zone is not read here).
 */
export const walletNumberDeltas = (writes: readonly WalletWrite[]) =>
  writes.map((w) => walletDeltas({ clinicId: w.clinicId, day: localDay(new Date(w.entry.at), defaultTimeZone), kind: w.entry.kind, principalFen: w.entry.principalFen, bonusFen: w.entry.bonusFen, by: w.entry.by }));

export const walletNumberItems = (writes: readonly WalletWrite[]): TransactItem[] => {
  const deltas = walletNumberDeltas(writes);
  const tenantId = writes[0]?.tenantId ?? '';
  return [...memberMonthUpdates(tenantId, deltas.map((d) => d.month)), ...memberBalanceUpdates(tenantId, deltas.map((d) => d.balance))];
};

const counted = (writes: readonly WalletWrite[]): Labelled[] => walletNumberItems(writes).map((item) => ({ item, onFail: 'contention' }));

/**
 * The day some bonus of this entry may lapse, for the daily expiry run (entities/wallet.ts): a
 * top-up's last valid day, or the day of a void that gave bonus back (its lots may have lapsed).
 */
export const bonusExpiryMarkers = (writes: readonly WalletWrite[]): TransactItem[] =>
  writes.flatMap(({ tenantId, patientId, entry }) => {
    const day = entry.kind === 'top-up' ? entry.bonusExpiresOn : entry.kind === 'void' && entry.bonusFen > 0 ? localDay(new Date(entry.at), defaultTimeZone) : undefined;
    if (!day || entry.bonusFen <= 0) return [];
    return [{ Put: { TableName: tableName, Item: { ...walletBonusExpiryEntity.key({ tenantId, day, patientId, entryId: entry.entryId }), type: walletBonusExpiryEntity.type, patientId } } }];
  });

const markers = (writes: readonly WalletWrite[]): Labelled[] => bonusExpiryMarkers(writes).map((item) => ({ item, onFail: 'contention' }));

/** One or more wallet changes (a transfer is two) in one transaction, with the owner's numbers. */
export const commitWalletWrites = (writes: WalletWrite[]): Promise<void> => send([...writes.flatMap((w) => label(walletWriteItems(w))), ...counted(writes), ...markers(writes)]);

/** The items of a void inside another transaction (a visit's void): the restoring entry, the debit's once-only mark and the owner's numbers. */
export const walletVoidItems = (write: WalletWrite, debit: Pick<WalletEntry, 'at' | 'entryId'>): TransactItem[] => [
  ...walletWriteItems(write),
  voidMark(write.tenantId, write.patientId, debit, write.entry.at),
  ...walletNumberItems([write]),
  ...bonusExpiryMarkers([write]),
];

/** A void: the restoring entry, and the debit marked so that it is restored only once. */
export const commitWalletVoid = (write: WalletWrite, debit: WalletEntry): Promise<void> =>
  send([...label(walletWriteItems(write)), { item: voidMark(write.tenantId, write.patientId, debit, write.entry.at), onFail: 'already-voided' }, ...counted([write]), ...markers([write])]);

const entryOf = (item: Record<string, unknown>): WalletEntry => walletLedgerEntity.fromItem<WalletEntry>(item);

/** The `at` of an entry is the time its ULID carries, so an entry id alone finds its row. */
export const entryTime = (entryId: string): string | undefined => {
  try {
    return new Date(decodeTime(entryId)).toISOString();
  } catch {
    return undefined;
  }
};

export const getWalletEntry = async (tenantId: string, patientId: string, entryId: string): Promise<WalletEntry | undefined> => {
  const at = entryTime(entryId);
  if (!at) return undefined;
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: ledgerKey(tenantId, patientId, { at, entryId }), ConsistentRead: true }));
  return Item ? entryOf(Item) : undefined;
};

/** The entry a key already wrote, with the request it was written for. */
export const findWalletKey = async (tenantId: string, patientId: string, key: string): Promise<{ entryId: string; requestHash: string } | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: walletKeyEntity.key({ tenantId, patientId, key }), ConsistentRead: true }));
  return Item ? { entryId: String(Item.entryId), requestHash: String(Item.requestHash) } : undefined;
};

/** A page of the ledger, newest first. */
export const listWalletEntries = async (tenantId: string, patientId: string, page: { limit: number; cursor?: string }): Promise<{ entries: WalletEntry[]; cursor?: string }> => {
  const range = walletLedgerEntity.range({ tenantId, patientId });
  const start = decodeCursor(page.cursor, 'pk', range.pk);
  const result = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': range.pk, ':prefix': range.skPrefix },
      ScanIndexForward: false,
      Limit: page.limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const cursor = encodeCursor(result.LastEvaluatedKey);
  return { entries: (result.Items ?? []).map(entryOf), ...(cursor ? { cursor } : {}) };
};

export const getWalletRules = async (tenantId: string): Promise<WalletRulesView> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: walletRulesEntity.key({ tenantId }), ConsistentRead: true }));
  return Item ? walletRulesEntity.fromItem<WalletRulesView>(Item) : { ...defaultWalletRules, version: 0 };
};

/** Writes the chain's rules if still at `expectedVersion`; false when someone changed them meanwhile. */
export const putWalletRules = async (tenantId: string, rules: WalletRulesView, expectedVersion: number): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...walletRulesEntity.key({ tenantId }), type: walletRulesEntity.type, ...rules },
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

/**
 * Merging two records of one person: the duplicate's whole balance leaves its account (held only
 * if it is still exactly the balance read, so a debit racing the merge fails the merge rather
 * than a fen going astray) and enters the target's, each with its ledger row, so both accounts
 * still equal their ledger sums. Part of the merge's transaction; nothing when the balance is 0.
 */
export type WalletMergeParty = { patientId: string; clinicId: string };

export const walletMergeItems = (tenantId: string, parties: { source: WalletMergeParty; target: WalletMergeParty }, read: WalletAccount, at: string, by: string, entryIds: { out: string; in: string }): TransactItem[] => {
  const { source, target } = parties;
  if (read.principalFen === 0 && read.bonusFen === 0) return [];
  const planned = planMerge(read);
  const out: WalletEntry = { entryId: entryIds.out, ...planned.out, at, by, counterpartPatientId: target.patientId };
  const into: WalletEntry = { entryId: entryIds.in, ...planned.in, at, by, counterpartPatientId: source.patientId, refEntryId: entryIds.out };
  // The owner's liability moves with it, from the duplicate's clinic to the one that stays.
  const [sourceUpdate, ...sourceRest] = walletWriteItems({ tenantId, patientId: source.patientId, clinicId: source.clinicId, entry: out, expectedVersion: read.version });
  return [sourceUpdate as TransactItem, ...sourceRest, ...walletWriteItems({ tenantId, patientId: target.patientId, clinicId: target.clinicId, entry: into })];
};
