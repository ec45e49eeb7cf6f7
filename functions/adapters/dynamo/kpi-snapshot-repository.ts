/**
 * The nightly patient-base snapshot: one small view item per (scope, day) — counts only, far
 * under the 400 KB item limit whatever the chain's size — and the patient id lists behind its
 * numbers in their own partitions, in chunks of at most 1,000 ids (26-char ULIDs: ~30 KB a
 * chunk). Both expire by TTL; a rerun on the same day overwrites them with the same content.
 *
 * With a roster (the nightly job passes one): the day's patient ids are stored once per chain
 * (`~roster`, Brotli-compressed, 10,000 ids a chunk) and a long list holds only positions in it
 * (zigzag delta varints, compressed: ~1–3 bytes an entry instead of ~29). The same ids appear
 * in the chain's lists and again in each clinic's, so this is what keeps the snapshot of a
 * 10,000-patient chain to a few hundred write units a night instead of thousands.
 */
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PatientBaseView } from '../../../shared/schemas/kpi.js';
import { documentClient, tableName } from './client.js';
import { mapLimit } from '../../lib/concurrency.js';
import { kpiBaseEntity, kpiListEntity } from './entities/kpi.js';

export const listChunkSize = 1000;
/** Older snapshots are not what anyone decides on; 40 days keeps a month to compare against. */
export const snapshotRetentionDays = 40;

const chunkKey = (n: number) => String(n).padStart(5, '0');

/**
 * Lists this short are packed, many to an item, in one of `packBuckets` items per scope and day
 * (by a hash of the name) instead of one item each: a chain has hundreds of one- or two-patient
 * lists (LTV per referrer), and each item is a write unit every night. 20 ids are ~560 bytes, so
 * a bucket stays far under 400 KB even with tens of thousands of small lists.
 */
export const packedListMaxIds = 20;
const packBuckets = 32;
const bucketOf = (name: string): number => {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619) >>> 0;
  return hash % packBuckets;
};
const scopeOf = (name: string): string => name.slice(0, Math.max(0, name.indexOf(':')));
const packKey = (tenantId: string, asOfDay: string, name: string) => ({
  pk: kpiListEntity.pk.fill({ tenantId, asOfDay, list: `${scopeOf(name)}:~pack.${bucketOf(name)}` }),
  sk: chunkKey(0),
});

export type StoredList = { name: string; patientIds: readonly string[] };

/** The day's patient ids in one order; lists point into it. */
export type Roster = { ids: readonly string[]; position: ReadonlyMap<string, number> };
export const rosterChunkSize = 10_000;
/** Positions per item of a positional list (≤ ~150 KB even uncompressed). */
export const positionChunkSize = 50_000;
const rosterList = '~roster';

export const rosterOf = (ids: Iterable<string>): Roster => {
  const sorted = [...new Set(ids)].sort();
  return { ids: sorted, position: new Map(sorted.map((id, i) => [id, i])) };
};

const encodePositions = (positions: readonly number[]): Uint8Array => {
  const bytes: number[] = [];
  let previous = 0;
  for (const p of positions) {
    const d = p - previous;
    previous = p;
    let z = d >= 0 ? d * 2 : -d * 2 - 1;
    while (z >= 0x80) {
      bytes.push((z & 0x7f) | 0x80);
      z = Math.floor(z / 128);
    }
    bytes.push(z);
  }
  return brotliCompressSync(Buffer.from(bytes));
};

const decodePositions = (data: Uint8Array): number[] => {
  const bytes = brotliDecompressSync(data);
  const out: number[] = [];
  let previous = 0;
  for (let i = 0; i < bytes.length; ) {
    let z = 0;
    let scale = 1;
    let b: number;
    do {
      b = bytes[i++] ?? 0;
      z += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    previous += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    out.push(previous);
  }
  return out;
};

/** Writes the day's roster (once per chain and day, before the scopes' lists). */
export const putRoster = async (tenantId: string, asOfDay: string, roster: Roster, computedAt: string): Promise<number> => {
  const expiresAt = Math.floor(Date.parse(computedAt) / 1000) + snapshotRetentionDays * 86_400;
  const pk = kpiListEntity.pk.fill({ tenantId, asOfDay, list: rosterList });
  const items = [];
  for (let n = 0; n * rosterChunkSize < Math.max(1, roster.ids.length); n++) {
    items.push({ pk, sk: chunkKey(n), type: 'kpi-list', roster: brotliCompressSync(Buffer.from(roster.ids.slice(n * rosterChunkSize, (n + 1) * rosterChunkSize).join('\n'))), expiresAt });
  }
  await mapLimit(items, { limit: 4 }, (item) => documentClient.send(new PutCommand({ TableName: tableName, Item: item })));
  return items.length;
};

const positionalItems = (pk: string, positions: readonly number[], expiresAt: number): Record<string, unknown>[] => {
  const chunks = Math.max(1, Math.ceil(positions.length / positionChunkSize));
  return Array.from({ length: chunks }, (_, n) => ({
    pk, sk: chunkKey(n), type: 'kpi-list', pos: encodePositions(positions.slice(n * positionChunkSize, (n + 1) * positionChunkSize)),
    ...(n === 0 ? { total: positions.length, chunks, per: positionChunkSize } : {}), expiresAt,
  }));
};

/** Writes the view and every list of one scope's snapshot. `name` is `<scope>:<metric>`. */
export const putBaseSnapshot = async (tenantId: string, asOfDay: string, scope: string, view: PatientBaseView, lists: readonly StoredList[], computedAt: string, roster?: Roster): Promise<number> => {
  const expiresAt = Math.floor(Date.parse(computedAt) / 1000) + snapshotRetentionDays * 86_400;
  const items: Record<string, unknown>[] = [{ ...kpiBaseEntity.key({ tenantId, asOfDay, scope }), type: 'kpi-base', scope, asOfDay, computedAt, view, expiresAt }];
  const packs = new Map<string, { pk: string; sk: string; lists: Record<string, readonly string[]> }>();
  for (const list of lists) {
    if (list.patientIds.length <= packedListMaxIds) {
      const key = packKey(tenantId, asOfDay, list.name);
      const pack = packs.get(key.pk) ?? { ...key, lists: {} };
      pack.lists[list.name] = list.patientIds;
      packs.set(key.pk, pack);
      continue;
    }
    const pk = kpiListEntity.pk.fill({ tenantId, asOfDay, list: list.name });
    const positions = roster ? list.patientIds.map((id) => roster.position.get(id) ?? -1) : [];
    if (roster && !positions.includes(-1)) {
      items.push(...positionalItems(pk, positions, expiresAt));
      continue;
    }
    const chunks = Math.max(1, Math.ceil(list.patientIds.length / listChunkSize));
    for (let n = 0; n < chunks; n++) {
      const ids = list.patientIds.slice(n * listChunkSize, (n + 1) * listChunkSize);
      // Chunk 0 carries the total so a page knows the list's size without reading every chunk.
      items.push({ pk, sk: chunkKey(n), type: 'kpi-list', ids, ...(n === 0 ? { total: list.patientIds.length, chunks } : {}), expiresAt });
    }
  }
  for (const pack of packs.values()) items.push({ pk: pack.pk, sk: pack.sk, type: 'kpi-list', lists: pack.lists, expiresAt });
  // PutItem, not BatchWriteItem: the job's role may put and update but never delete, and an IAM
  // grant of BatchWriteItem would allow deletes too. Same write units; a few more requests.
  await mapLimit(items, { limit: 8 }, (item) => documentClient.send(new PutCommand({ TableName: tableName, Item: item })));
  return items.length;
};

/** The newest snapshot view of a scope (`chain` or a clinic id), or undefined before the first run. */
export const latestBaseView = async (tenantId: string, scope: string): Promise<PatientBaseView | undefined> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :scope)',
      ExpressionAttributeValues: { ':pk': kpiBaseEntity.pk.fill({ tenantId }), ':scope': kpiBaseEntity.sk.prefix({ scope }) },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  const view = Items?.[0]?.view;
  return view ? (view as PatientBaseView) : undefined;
};

export type ListSlice = { total: number; ids: string[]; next?: { chunk: number; offset: number } };

/** A short list from its pack (one chunk: offsets only), or undefined when there is none. */
const readPackedList = async (tenantId: string, asOfDay: string, name: string, start: { chunk: number; offset: number }, limit: number): Promise<ListSlice | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: packKey(tenantId, asOfDay, name) }));
  const lists = (Item?.lists ?? {}) as Record<string, unknown>;
  const all = lists[name];
  if (!Array.isArray(all) || start.chunk !== 0) return undefined;
  const ids = (all as string[]).slice(start.offset, start.offset + limit);
  const consumed = start.offset + ids.length;
  return { total: all.length, ids, ...(consumed < all.length ? { next: { chunk: 0, offset: consumed } } : {}) };
};

/**
 * Up to `limit` ids from (chunk, offset) on. A page of ≤ 200 spans at most two chunks of 1,000,
 * so one query of two items serves it. Undefined when the list does not exist (or expired).
 */
export const readStoredList = async (tenantId: string, asOfDay: string, name: string, start: { chunk: number; offset: number }, limit: number): Promise<ListSlice | undefined> => {
  const pk = kpiListEntity.pk.fill({ tenantId, asOfDay, list: name });
  const query = (n: number, count: number) =>
    documentClient.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND sk >= :sk', ExpressionAttributeValues: { ':pk': pk, ':sk': chunkKey(n) }, Limit: count }));
  // Chunk 0 holds the total: read with the page when the page starts there, else beside it.
  const [page, head] = await Promise.all([query(start.chunk, 2), start.chunk === 0 ? undefined : query(0, 1)]);
  const first = (start.chunk === 0 ? page : head)?.Items?.[0];
  if (!first || first.sk !== chunkKey(0)) return readPackedList(tenantId, asOfDay, name, start, limit);
  if (first.pos instanceof Uint8Array) return readPositionalList(tenantId, asOfDay, { first, page: page.Items ?? [] }, start, limit);
  const total = Number(first.total ?? 0);
  const ids: string[] = [];
  let chunk = start.chunk;
  let offset = start.offset;
  for (const item of page.Items ?? []) {
    const all = Array.isArray(item.ids) ? (item.ids as string[]) : [];
    const take = all.slice(offset, offset + (limit - ids.length));
    ids.push(...take);
    offset += take.length;
    if (offset >= all.length) {
      chunk += 1;
      offset = 0;
    }
    if (ids.length >= limit) break;
  }
  const consumed = chunk * listChunkSize + offset;
  return { total, ids, ...(consumed < total ? { next: { chunk, offset } } : {}) };
};

const rosterIds = async (tenantId: string, asOfDay: string, positions: readonly number[]): Promise<string[]> => {
  const pk = kpiListEntity.pk.fill({ tenantId, asOfDay, list: rosterList });
  const chunks = [...new Set(positions.map((p) => Math.floor(p / rosterChunkSize)))];
  const loaded = new Map(
    await Promise.all(
      chunks.map(async (n) => {
        const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { pk, sk: chunkKey(n) } }));
        const ids = Item?.roster instanceof Uint8Array ? brotliDecompressSync(Item.roster).toString('utf8').split('\n') : [];
        return [n, ids] as const;
      }),
    ),
  );
  return positions.map((p) => loaded.get(Math.floor(p / rosterChunkSize))?.[p % rosterChunkSize] ?? '').filter((id) => id !== '');
};

/** A page of a list stored as roster positions (the page's query read its chunk and the next). */
const readPositionalList = async (
  tenantId: string,
  asOfDay: string,
  read: { first: Record<string, unknown>; page: Record<string, unknown>[] },
  start: { chunk: number; offset: number },
  limit: number,
): Promise<ListSlice> => {
  const total = Number(read.first.total ?? 0);
  const per = Number(read.first.per ?? positionChunkSize);
  const positions = read.page.flatMap((item) => (item.pos instanceof Uint8Array ? decodePositions(item.pos) : [])).slice(start.offset, start.offset + limit);
  const consumed = start.chunk * per + start.offset + positions.length;
  const next = consumed < total ? { chunk: Math.floor(consumed / per), offset: consumed % per } : undefined;
  return { total, ids: await rosterIds(tenantId, asOfDay, positions), ...(next ? { next } : {}) };
};

/**
 * A list's length and how its ids are chunked, from its first chunk (or its pack): what a reader
 * needs to start a page at any index (a merged list walks several lists one after another).
 * Undefined when the list does not exist.
 */
const listShape = async (tenantId: string, asOfDay: string, name: string): Promise<{ total: number; per: number } | undefined> => {
  const pk = kpiListEntity.pk.fill({ tenantId, asOfDay, list: name });
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { pk, sk: chunkKey(0) } }));
  if (Item) return { total: Number(Item.total ?? 0), per: Item.pos instanceof Uint8Array ? Number(Item.per ?? positionChunkSize) : listChunkSize };
  const packed = await readPackedList(tenantId, asOfDay, name, { chunk: 0, offset: 0 }, 0);
  return packed ? { total: packed.total, per: Number.MAX_SAFE_INTEGER } : undefined;
};

/** Up to `limit` ids of a list from index `at` on, with the list's total; undefined when there is no such list. */
export const readStoredListAt = async (tenantId: string, asOfDay: string, name: string, at: number, limit: number): Promise<{ total: number; ids: string[] } | undefined> => {
  const shape = await listShape(tenantId, asOfDay, name);
  if (!shape) return undefined;
  if (at >= shape.total || limit === 0) return { total: shape.total, ids: [] };
  const slice = await readStoredList(tenantId, asOfDay, name, { chunk: Math.floor(at / shape.per), offset: at % shape.per }, limit);
  return { total: shape.total, ids: slice?.ids ?? [] };
};
