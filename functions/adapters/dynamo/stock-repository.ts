/**
 * Consumables stock in DynamoDB (entities/stock.ts). Every change of a level is a Put held to
 * the version read (or to its absence), written in one transaction with its movement row, so the
 * level equals the sum of its movements whatever runs at the same time; a count also ADDs its
 * month's loss totals in that transaction. `movementItems` builds the actions, so a checkout can
 * put them in its own transaction.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { PlannedMovement, StockLevelState } from '../../../shared/domain/stock/stock-ledger.js';
import type { CountTotals } from '../../../shared/domain/stock/stock-reports.js';
import { countTotalsOf } from '../../../shared/domain/stock/stock-reports.js';
import type { StockAlertView, StockBom, StockItem, StockMovement } from '../../../shared/schemas/stock.js';
import { documentClient, tableName } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { batchGetAll } from './import-batch.js';
import { queryAll } from './query-all.js';
import { stockAlertEntity, stockBomEntity, stockItemEntity, stockLevelEntity, stockLossEntity, stockMovementEntity, stockRequestEntity } from './entities/stock.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Stored movements keep thousandths; the API's StockMovement is in units. */
export type StoredMovement = Omit<StockMovement, 'delta' | 'balanceAfter' | 'expected' | 'counted'> & {
  deltaMilli: number; balanceAfterMilli: number; expectedMilli?: number; countedMilli?: number;
};

export class StockConflict extends Error {
  constructor(readonly reason: 'level-changed' | 'request-exists' | 'item-changed') {
    super(reason);
  }
}

const stockPk = (tenantId: string) => stockItemEntity.range({ tenantId }).pk;

// ---- items and bills of materials -------------------------------------------------------

export const listStockItems = async (tenantId: string): Promise<StockItem[]> =>
  (await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': stockPk(tenantId), ':p': stockItemEntity.sk.prefix() } }))
    .map((i) => stockItemEntity.fromItem<StockItem>(i));

export const getStockItem = async (tenantId: string, itemId: string): Promise<StockItem | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: stockItemEntity.key({ tenantId, itemId }), ConsistentRead: true }));
  return Item ? stockItemEntity.fromItem<StockItem>(Item) : undefined;
};

/** A new item, or its replacement held to the version read (409 on a stale one). */
export const putStockItem = async (tenantId: string, item: StockItem, versionRead?: number): Promise<void> => {
  try {
    await documentClient.send(new PutCommand({
      TableName: tableName,
      Item: { ...stockItemEntity.key({ tenantId, itemId: item.itemId }), type: stockItemEntity.type, ...item },
      ...(versionRead === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': versionRead } }),
    }));
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') throw new StockConflict('item-changed');
    throw error;
  }
};

export const listBoms = async (tenantId: string): Promise<StockBom[]> =>
  (await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': stockPk(tenantId), ':p': stockBomEntity.sk.prefix() } }))
    .map((i) => stockBomEntity.fromItem<StockBom>(i));

/** The bills of materials of these procedures (one BatchGetItem): what a checkout deducts. */
export const bomsFor = async (tenantId: string, procedureIds: readonly string[]): Promise<Map<string, StockBom>> => {
  if (procedureIds.length === 0) return new Map();
  const found = await batchGetAll(procedureIds.map((procedureId) => stockBomEntity.key({ tenantId, procedureId })));
  return new Map([...found.values()].map((i) => stockBomEntity.fromItem<StockBom>(i)).map((b) => [b.procedureId, b]));
};

export const putBom = async (tenantId: string, bom: StockBom, versionRead: number): Promise<void> => {
  try {
    await documentClient.send(new PutCommand({
      TableName: tableName,
      Item: { ...stockBomEntity.key({ tenantId, procedureId: bom.procedureId }), type: stockBomEntity.type, ...bom },
      ConditionExpression: versionRead === 0 ? 'attribute_not_exists(pk) OR version = :read' : 'version = :read',
      ExpressionAttributeValues: { ':read': versionRead },
    }));
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') throw new StockConflict('item-changed');
    throw error;
  }
};

// ---- levels ------------------------------------------------------------------------------

const levelOf = (item: Record<string, unknown>): StockLevelState => stockLevelEntity.fromItem<StockLevelState>(item);

/** Every level of the chain, or of one clinic: one query (the low-stock job reads this once). */
export const listLevels = async (tenantId: string, clinicId?: string): Promise<StockLevelState[]> =>
  (await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': stockPk(tenantId), ':p': stockLevelEntity.sk.prefix(clinicId ? { clinicId } : {}) },
  })).map(levelOf);

/** The levels of these items at a clinic, read strongly consistent: what the next write is held to. */
export const levelsFor = async (tenantId: string, clinicId: string, itemIds: readonly string[]): Promise<Map<string, StockLevelState>> => {
  if (itemIds.length === 0) return new Map();
  const found = await batchGetAll(itemIds.map((itemId) => stockLevelEntity.key({ tenantId, clinicId, itemId })));
  return new Map([...found.values()].map(levelOf).map((l) => [l.itemId, l]));
};

// ---- movements ---------------------------------------------------------------------------

const monthOf = (day: string) => day.slice(0, 7);

/**
 * The actions of one movement: the level put back held to the version read (absent when none
 * was), the ledger row, and for a count its month's loss totals. The level's action comes first.
 */
export const movementItems = (tenantId: string, planned: PlannedMovement, versionRead: number | undefined, movement: StoredMovement): TransactItem[] => {
  const { clinicId, itemId } = planned.next;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: { ...stockLevelEntity.key({ tenantId, clinicId, itemId }), type: stockLevelEntity.type, ...planned.next },
        ...(versionRead === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': versionRead } }),
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: { ...stockMovementEntity.key({ tenantId, clinicId, at: movement.at, movementId: movement.movementId }), type: stockMovementEntity.type, ...movement },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  if (planned.kind === 'count' && planned.expectedMilli !== undefined && planned.countedMilli !== undefined) {
    const totals = countTotalsOf(planned.expectedMilli, planned.countedMilli);
    items.push({
      Update: {
        TableName: tableName,
        Key: stockLossEntity.key({ tenantId, clinicId, month: monthOf(movement.day), itemId }),
        UpdateExpression: 'SET #type = :type, itemId = :item, clinicId = :clinic, #month = :month ADD expectedMilli :e, shortageMilli :s, surplusMilli :o, #counts :one',
        ExpressionAttributeNames: { '#type': 'type', '#month': 'month', '#counts': 'counts' },
        ExpressionAttributeValues: { ':type': stockLossEntity.type, ':item': itemId, ':clinic': clinicId, ':month': monthOf(movement.day), ':e': totals.expectedMilli, ':s': totals.shortageMilli, ':o': totals.surplusMilli, ':one': 1 },
      },
    });
  }
  return items;
};

/** A manual movement, once per request id when one is given; the level's condition decides a race. */
export const commitMovement = async (tenantId: string, items: TransactItem[], request?: { clinicId: string; requestId: string; movementSk: string }): Promise<void> => {
  const claim: TransactItem[] = request
    ? [{ Put: { TableName: tableName, Item: { ...stockRequestEntity.key({ tenantId, clinicId: request.clinicId, requestId: request.requestId }), type: stockRequestEntity.type, movementSk: request.movementSk }, ConditionExpression: 'attribute_not_exists(pk)' } }]
    : [];
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [...claim, ...items] }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    if (claim.length && reasons[0]?.Code === 'ConditionalCheckFailed') throw new StockConflict('request-exists');
    if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) throw new StockConflict('level-changed');
    throw error;
  }
};

/** The movement a request id already recorded, if any. */
export const movementOfRequest = async (tenantId: string, clinicId: string, requestId: string): Promise<StoredMovement | undefined> => {
  const claim = await documentClient.send(new GetCommand({ TableName: tableName, Key: stockRequestEntity.key({ tenantId, clinicId, requestId }), ConsistentRead: true }));
  const sk = claim.Item?.movementSk;
  if (typeof sk !== 'string') return undefined;
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { pk: stockMovementEntity.range({ tenantId, clinicId }).pk, sk }, ConsistentRead: true }));
  return Item ? stockMovementEntity.fromItem<StoredMovement>(Item) : undefined;
};

export const movementSk = (tenantId: string, clinicId: string, at: string, movementId: string): string => stockMovementEntity.key({ tenantId, clinicId, at, movementId }).sk;

/** A page of a clinic's movements, newest first, optionally of one item. */
export const movementsPage = async (tenantId: string, clinicId: string, limit: number, options: { cursor?: string; itemId?: string } = {}): Promise<{ items: StoredMovement[]; cursor?: string }> => {
  const pk = stockMovementEntity.range({ tenantId, clinicId }).pk;
  const page = await documentClient.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ...(options.itemId ? { FilterExpression: 'itemId = :item' } : {}),
    ExpressionAttributeValues: { ':pk': pk, ':p': stockMovementEntity.sk.prefix(), ...(options.itemId ? { ':item': options.itemId } : {}) },
    ScanIndexForward: false,
    Limit: limit,
    ExclusiveStartKey: decodeCursor(options.cursor, 'pk', pk),
  }));
  const next = encodeCursor(page.LastEvaluatedKey);
  return { items: (page.Items ?? []).map((i) => stockMovementEntity.fromItem<StoredMovement>(i)), ...(next ? { cursor: next } : {}) };
};

/** Every movement of a clinic (oldest first): the ledger the invariant test sums. */
export const allMovements = async (tenantId: string, clinicId: string): Promise<StoredMovement[]> =>
  (await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': stockMovementEntity.range({ tenantId, clinicId }).pk, ':p': stockMovementEntity.sk.prefix() } }))
    .map((i) => stockMovementEntity.fromItem<StoredMovement>(i));

export const countTotals = async (tenantId: string, clinicId: string, month: string): Promise<CountTotals[]> =>
  (await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': stockPk(tenantId), ':p': stockLossEntity.sk.prefix({ clinicId, month }) } }))
    .map((i) => stockLossEntity.fromItem<CountTotals>(i));

// ---- the low-stock job's alerts ------------------------------------------------------------

export type StoredAlert = { day: string; sentAt: string; items: StockAlertView['items'] };

/** Claims the day's alert: false when a run already sent it (a redelivered event alerts once). */
export const claimAlert = async (tenantId: string, alert: StoredAlert): Promise<boolean> => {
  try {
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...stockAlertEntity.key({ tenantId, day: alert.day }), type: stockAlertEntity.type, ...alert }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

/** Gives the day back when the alert could not be published, so the retried run sends it. */
export const releaseAlert = async (tenantId: string, day: string): Promise<void> => {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: stockAlertEntity.key({ tenantId, day }) }));
};

export const latestAlert = async (tenantId: string): Promise<StoredAlert | undefined> => {
  const page = await documentClient.send(new QueryCommand({
    TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': stockPk(tenantId), ':p': stockAlertEntity.sk.prefix() }, ScanIndexForward: false, Limit: 1,
  }));
  const item = page.Items?.[0];
  return item ? stockAlertEntity.fromItem<StoredAlert>(item) : undefined;
};
