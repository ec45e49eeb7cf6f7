/**
 * Bulk reads and writes for imports: BatchWriteItem in groups of 25 and BatchGetItem in groups
 * of 100, several requests in flight, retrying what DynamoDB hands back unprocessed with
 * exponential backoff and jitter until all of it is done (nothing is dropped silently: after
 * the last retry it throws, and the caller's work is retried whole).
 */
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };
type WriteRequest = { PutRequest: { Item: Item } };

const maxAttempts = 10;
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(2000, 20 * 2 ** attempt) * (0.5 + Math.random() / 2)));

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export const mapLimit = async <T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After a failure no new work starts: the caller's retry redoes the whole step.
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

const groupsOf = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Puts every item (unconditionally: callers use it for items whose content is deterministic). */
export const batchWriteAll = async (items: readonly Item[], concurrency = 4): Promise<void> => {
  await mapLimit(groupsOf(items, 25), concurrency, async (group) => {
    let pending: WriteRequest[] = group.map((item) => ({ PutRequest: { Item: item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= maxAttempts) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${maxAttempts} attempts`);
      if (attempt > 0) await backoff(attempt);
      const result = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  });
};

/** Gets the items that exist among `keys` (strongly consistent), keyed by `pk|sk`. */
export const batchGetAll = async (keys: readonly Key[], options: { projection?: string[]; concurrency?: number } = {}): Promise<Map<string, Item>> => {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  const names = options.projection ? Object.fromEntries(['pk', 'sk', ...options.projection].map((f, i) => [`#p${i}`, f])) : undefined;
  await mapLimit(groupsOf(unique, 100), options.concurrency ?? 4, async (group) => {
    let pending: Key[] = group;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= maxAttempts) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${maxAttempts} attempts`);
      if (attempt > 0) await backoff(attempt);
      const result = await documentClient.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ...(names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {}),
            },
          },
        }),
      );
      for (const item of result.Responses?.[tableName] ?? []) found.set(`${String(item.pk)}|${String(item.sk)}`, item);
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
  });
  return found;
};

export const keyString = (key: Key): string => `${key.pk}|${key.sk}`;
