/**
 * The nightly patient-base snapshot: one small view item per (scope, day) — counts only, far
 * under the 400 KB item limit whatever the chain's size — and the patient id lists behind its
 * numbers in their own partitions, in chunks of at most 1,000 ids (26-char ULIDs: ~30 KB a
 * chunk). Both expire by TTL; a rerun on the same day overwrites them with the same content.
 */
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

/** Writes the view and every list of one scope's snapshot. `name` is `<scope>:<metric>`. */
export const putBaseSnapshot = async (tenantId: string, asOfDay: string, scope: string, view: PatientBaseView, lists: readonly StoredList[], computedAt: string): Promise<number> => {
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
