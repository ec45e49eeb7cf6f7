/**
 * Visit packs in DynamoDB: products (versioned, under the chain), packs (in the patient's
 * partition, with their `remaining` counter), a ledger row per change, and the owner's pack
 * liability per clinic. Every change to `remaining` is conditioned on the count read and written
 * with its ledger row and the liability it moves, so two front desks can never use the last use
 * twice and the liability is exact to the fen (invariants 8, 13).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../../shared/domain/errors.js';
import { unearnedFen } from '../../../shared/domain/packs/packs.js';
import type { AuditEvent } from '../../../shared/schemas/audit.js';
import type { Pack, PackProduct, PackUse } from '../../../shared/schemas/packs.js';
import { auditItem } from './audit-repository.js';
import { documentClient, tableName } from './client.js';
import { packBalanceEntity, packEntity, packLedgerEntity, packProductCurrentEntity, packProductVersionEntity, packRefEntity } from './entities/pack.js';
import { queryAll } from './query-all.js';
import { walletNumberItems, walletWriteItems, type WalletWrite } from './wallet-repository.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const versionLabel = (version: number): string => String(version).padStart(4, '0');
const productVersionItem = (tenantId: string, p: PackProduct) => ({ ...packProductVersionEntity.key({ tenantId, productId: p.productId, version: versionLabel(p.version) }), type: packProductVersionEntity.type, ...p });
const productCurrentItem = (tenantId: string, p: PackProduct) => ({ ...packProductCurrentEntity.key({ tenantId, productId: p.productId }), type: packProductCurrentEntity.type, ...p });

export const listPackProducts = async (tenantId: string): Promise<PackProduct[]> => {
  const { pk, skPrefix } = packProductCurrentEntity.range({ tenantId });
  return (await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix } })).map((i) => packProductCurrentEntity.fromItem<PackProduct>(i));
};

export const getPackProduct = async (tenantId: string, productId: string): Promise<PackProduct | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: packProductCurrentEntity.key({ tenantId, productId }), ConsistentRead: true }));
  return Item ? packProductCurrentEntity.fromItem<PackProduct>(Item) : undefined;
};

/** A new version of a product, or its first: the current pointer moves only from the version read (409 otherwise). */
export const putPackProductVersion = async (tenantId: string, product: PackProduct, versionRead: number | undefined): Promise<void> => {
  try {
    await documentClient.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName, Item: productVersionItem(tenantId, product), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: tableName,
            Item: productCurrentItem(tenantId, product),
            ...(versionRead === undefined ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': versionRead } }),
          },
        },
      ],
    }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    throw new DomainError('conflict', 'version: the pack product was changed meanwhile; reload it and edit the newest version', [{ path: 'version', message: 'is not the current version', code: 'conflict.changed' }]);
  }
};

/** Products written at once on a fresh chain (the demo). */
export const packProductItems = (tenantId: string, p: PackProduct): Record<string, unknown>[] => [productVersionItem(tenantId, p), productCurrentItem(tenantId, p)];

export const packItem = (tenantId: string, pack: Pack) => ({ ...packEntity.key({ tenantId, patientId: pack.patientId, packId: pack.packId }), type: packEntity.type, ...pack });
const refItem = (tenantId: string, pack: Pack) => ({ ...packRefEntity.key({ tenantId, packId: pack.packId }), type: packRefEntity.type, packId: pack.packId, patientId: pack.patientId });

export type PackLedgerRow = { packId: string; rowId: string; at: string; kind: 'sale' | 'use' | 'void' | 'refund'; count: number; fen: number; visitId?: string; by?: string };

const ledgerPut = (tenantId: string, patientId: string, row: PackLedgerRow): TransactItem => ({
  Put: { TableName: tableName, Item: { ...packLedgerEntity.key({ tenantId, patientId, packId: row.packId, at: row.at, rowId: row.rowId }), type: packLedgerEntity.type, ...row }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/**
 * The owner's liability per clinic, ADDed (never refuses): unearned fen and uses left kept per
 * expiry day (`u.<endDate>`, `n.<endDate>`), so the report counts only packs still valid on its
 * day and an expired pack drops out with no job (its unused value is the chain's from then on).
 */
export type PackBalanceDelta = { clinicId: string; endDate: string; unearnedFen: number; uses: number };

const bucketsOf = (deltas: readonly PackBalanceDelta[]): Map<string, Map<string, number>> => {
  const out = new Map<string, Map<string, number>>();
  for (const d of deltas) {
    const t = out.get(d.clinicId) ?? new Map<string, number>();
    t.set(`u.${d.endDate}`, (t.get(`u.${d.endDate}`) ?? 0) + d.unearnedFen);
    t.set(`n.${d.endDate}`, (t.get(`n.${d.endDate}`) ?? 0) + d.uses);
    out.set(d.clinicId, t);
  }
  return out;
};

export const packBalanceUpdates = (tenantId: string, deltas: readonly PackBalanceDelta[]): TransactItem[] =>
  [...bucketsOf(deltas)].map(([clinicId, counters]): TransactItem => {
    const live = [...counters].filter(([, n]) => n !== 0);
    return {
      Update: {
        TableName: tableName,
        Key: packBalanceEntity.key({ tenantId, clinicId }),
        UpdateExpression: `SET #type = :type, clinicId = :clinic${live.length ? ` ADD ${live.map((_, i) => `#c${i} :c${i}`).join(', ')}` : ''}`,
        ExpressionAttributeNames: { '#type': 'type', ...Object.fromEntries(live.map(([name], i) => [`#c${i}`, name])) },
        ExpressionAttributeValues: { ':type': packBalanceEntity.type, ':clinic': clinicId, ...Object.fromEntries(live.map(([, n], i) => [`:c${i}`, n])) },
      },
    };
  });

/** The pack balances a history of packs leaves (the demo writes them at once on a fresh table). */
export const packBalanceItems = (tenantId: string, packs: readonly Pack[]): Record<string, unknown>[] =>
  [...bucketsOf(packs.filter((p) => p.status === 'active').map((p) => ({ clinicId: p.clinicId, endDate: p.endDate, unearnedFen: unearnedFen(p, p.remaining), uses: p.remaining })))].map(([clinicId, counters]) => ({
    ...packBalanceEntity.key({ tenantId, clinicId }), type: packBalanceEntity.type, clinicId, ...Object.fromEntries(counters),
  }));

/** Per clinic, what packs still valid on `today` are owed: the buckets of expiry days after it. */
export const readPackBalances = async (tenantId: string, today: string): Promise<{ clinicId: string; unearnedFen: number; usesLeft: number }[]> => {
  const { pk, skPrefix } = packBalanceEntity.range({ tenantId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix } });
  const sum = (item: Record<string, unknown>, prefix: string): number =>
    Object.entries(item).filter(([name, n]) => name.startsWith(prefix) && name.slice(2) > today && typeof n === 'number').reduce((s, [, n]) => s + Number(n), 0);
  return items.map((i) => ({ clinicId: String(i.clinicId), unearnedFen: sum(i, 'u.'), usesLeft: sum(i, 'n.') }));
};

/** The items a sale writes (the demo history writes the same). */
export const packSaleItems = (tenantId: string, pack: Pack): Record<string, unknown>[] => [
  packItem(tenantId, pack),
  refItem(tenantId, pack),
  { ...packLedgerEntity.key({ tenantId, patientId: pack.patientId, packId: pack.packId, at: pack.soldAt, rowId: 'sale' }), type: packLedgerEntity.type, packId: pack.packId, rowId: 'sale', at: pack.soldAt, kind: 'sale', count: pack.terms.count, fen: pack.pricePaidFen, by: pack.soldBy },
];

export class PackExists extends Error {}
export class PackWalletShort extends Error {}

/** The pack, its ref, the sale row, the audit, the liability and any stored-value debit: all or nothing. */
export const commitPackSale = async (tenantId: string, pack: Pack, audit: AuditEvent, wallet?: WalletWrite): Promise<void> => {
  const [first, ...rest] = packSaleItems(tenantId, pack);
  const base: TransactItem[] = [
    { Put: { TableName: tableName, Item: first, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...rest.map((Item): TransactItem => ({ Put: { TableName: tableName, Item } })),
    { Put: { TableName: tableName, Item: auditItem(tenantId, audit) } },
    ...packBalanceUpdates(tenantId, [{ clinicId: pack.clinicId, endDate: pack.endDate, unearnedFen: pack.pricePaidFen, uses: pack.remaining }]),
  ];
  const walletAt = base.length;
  const items = wallet ? [...base, ...walletWriteItems(wallet), ...walletNumberItems([wallet])] : base;
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    if (wallet && reasons[walletAt]?.Code === 'ConditionalCheckFailed') throw new PackWalletShort();
    if (reasons[0]?.Code && reasons[0].Code !== 'None') throw new PackExists();
    throw error;
  }
};

export const packOwner = async (tenantId: string, packId: string): Promise<string | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: packRefEntity.key({ tenantId, packId }) }));
  return typeof Item?.patientId === 'string' ? Item.patientId : undefined;
};

export const getPack = async (tenantId: string, patientId: string, packId: string): Promise<Pack | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: packEntity.key({ tenantId, patientId, packId }), ConsistentRead: true }));
  return Item ? packEntity.fromItem<Pack>(Item) : undefined;
};

export const packsOfPatient = async (tenantId: string, patientId: string): Promise<Pack[]> => {
  const { pk, skPrefix } = packEntity.range({ tenantId, patientId });
  return (await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix }, ConsistentRead: true })).map((i) => packEntity.fromItem<Pack>(i));
};

export const packLedger = async (tenantId: string, patientId: string, packId: string): Promise<PackLedgerRow[]> => {
  const { pk, skPrefix } = packLedgerEntity.range({ tenantId, patientId, packId });
  return (await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix }, ConsistentRead: true })).map((i) => packLedgerEntity.fromItem<PackLedgerRow>(i));
};

/** `remaining` moved by `delta`, held to the count read (and, for a use, to a live, unexpired pack on `day`). */
const remainingUpdate = (tenantId: string, use: PackUse, delta: number, at: string, live?: { day: string }): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: packEntity.key({ tenantId, patientId: use.patientId, packId: use.packId }),
    UpdateExpression: 'SET remaining = remaining + :d, version = version + :one, updatedAt = :at',
    ConditionExpression: ['remaining = :read', ...(live ? ['#status = :active', 'endDate > :day'] : [])].join(' AND '),
    ...(live ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
    ExpressionAttributeValues: { ':d': delta, ':one': 1, ':at': at, ':read': use.remainingRead, ...(live ? { ':active': 'active', ':day': live.day } : {}) },
  },
});

/**
 * A checkout's pack uses: per pack, `remaining` down by the use (never below zero: held to the
 * count priced from, which covered it), a ledger row, and the liability the use earned. The
 * updates come first, so a failed condition at index < uses.length means a pack changed.
 */
export const packUseItems = (tenantId: string, uses: readonly PackUse[], at: string, day: string): TransactItem[] => [
  ...uses.map((u) => remainingUpdate(tenantId, u, -u.count, at, { day })),
  ...uses.map((u) => ledgerPut(tenantId, u.patientId, { packId: u.packId, rowId: `${u.visitId ?? 'visit'}-${u.lineIndex}`, at, kind: 'use', count: u.count, fen: u.earnedFen, ...(u.visitId ? { visitId: u.visitId } : {}) })),
  ...packBalanceUpdates(tenantId, uses.map((u) => ({ clinicId: u.clinicId, endDate: u.endDate, unearnedFen: -u.earnedFen, uses: -u.count }))),
];

/**
 * A void gives each use back to its pack as the pack is now (`packs`): the count, a negative
 * ledger row, and the unearned value back on the liability. A cancelled pack takes nothing back:
 * its refund already settled the uses it had left.
 */
export const packReturnItems = (tenantId: string, uses: readonly PackUse[], packs: ReadonlyMap<string, Pack>, at: string): TransactItem[] => {
  const back = uses.flatMap((u) => {
    const pack = packs.get(u.packId);
    if (!pack || pack.status === 'cancelled') return [];
    return [{ use: { ...u, remainingRead: pack.remaining }, endDate: pack.endDate, fen: unearnedFen(pack, pack.remaining + u.count) - unearnedFen(pack, pack.remaining) }];
  });
  return [
    ...back.map((b) => remainingUpdate(tenantId, b.use, b.use.count, at)),
    ...back.map((b) => ledgerPut(tenantId, b.use.patientId, { packId: b.use.packId, rowId: `${b.use.visitId ?? 'visit'}-${b.use.lineIndex}-void`, at, kind: 'void', count: -b.use.count, fen: -b.fen, ...(b.use.visitId ? { visitId: b.use.visitId } : {}) })),
    ...packBalanceUpdates(tenantId, back.map((b) => ({ clinicId: b.use.clinicId, endDate: b.endDate, unearnedFen: b.fen, uses: b.use.count }))),
  ];
};

/** The packs a visit used, as they are now (for its void). */
export const packsOfUses = async (tenantId: string, uses: readonly PackUse[]): Promise<Map<string, Pack>> => {
  const read = await Promise.all([...new Set(uses.map((u) => `${u.patientId}|${u.packId}`))].map(async (id) => {
    const [patientId = '', packId = ''] = id.split('|');
    return [packId, await getPack(tenantId, patientId, packId)] as const;
  }));
  return new Map(read.filter((r): r is readonly [string, Pack] => r[1] !== undefined));
};

/** A cancellation: the pack closed if unchanged since read, the refund row, the liability of the uses left taken off, any stored-value refund. */
export const commitPackCancel = async (tenantId: string, cancelled: Pack, read: Pack, audit: AuditEvent, wallet?: WalletWrite): Promise<void> => {
  const items: TransactItem[] = [
    { Put: { TableName: tableName, Item: packItem(tenantId, cancelled), ConditionExpression: 'version = :v AND remaining = :r', ExpressionAttributeValues: { ':v': read.version, ':r': read.remaining } } },
    ledgerPut(tenantId, read.patientId, { packId: read.packId, rowId: 'refund', at: cancelled.cancelledAt ?? '', kind: 'refund', count: -read.remaining, fen: -(cancelled.refund?.amountFen ?? 0), by: cancelled.cancelledBy ?? '' }),
    { Put: { TableName: tableName, Item: auditItem(tenantId, audit) } },
    ...packBalanceUpdates(tenantId, [{ clinicId: read.clinicId, endDate: read.endDate, unearnedFen: -unearnedFen(read, read.remaining), uses: -read.remaining }]),
    ...(wallet ? [...walletWriteItems(wallet), ...walletNumberItems([wallet])] : []),
  ];
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    throw new DomainError('conflict', 'packId: the pack was used or changed meanwhile; reload it and try again', [{ path: 'packId', message: 'was changed meanwhile', code: 'conflict.changed' }]);
  }
};

/** A merge: every pack of the source found by id at the target from now on (items of the merge's transaction). */
export const packRefMoves = async (tenantId: string, sourceId: string, targetId: string): Promise<TransactItem[]> =>
  (await packsOfPatient(tenantId, sourceId)).map((p): TransactItem => ({ Put: { TableName: tableName, Item: refItem(tenantId, { ...p, patientId: targetId }) } }));
