/**
 * Bulk reads and writes for imports: BatchWriteItem in groups of 25 and BatchGetItem in groups
 * of 100, several requests in flight, retrying what DynamoDB hands back unprocessed with
 * exponential backoff and jitter until all of it is done (nothing is dropped silently: after
 * the last retry it throws, and the caller's work is retried whole).
 */
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../../lib/concurrency.js';
import { retryUnprocessed, type RetryPolicy } from '../../lib/retry.js';
import { documentClient, tableName } from './client.js';

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };
type WriteRequest = { PutRequest: { Item: Item } };

/** Ten tries in all, each wait under 40 ms · 2^n and at most two seconds. */
const unprocessedRetry: RetryPolicy = { attempts: 10, baseMs: 40, capMs: 2000 };

const groupsOf = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Puts every item (unconditionally: callers use it for items whose content is deterministic). */
export const batchWriteAll = async (items: readonly Item[], concurrency = 4): Promise<void> => {
  await mapLimit(groupsOf(items, 25), { limit: concurrency }, async (group) => {
    const requests: WriteRequest[] = group.map((item) => ({ PutRequest: { Item: item } }));
    await retryUnprocessed(
      requests,
      async (pending) => {
        const result = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        return (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      },
      { what: 'BatchWriteItem', ...unprocessedRetry },
    );
  });
};

/** Gets the items that exist among `keys` (strongly consistent), keyed by `pk|sk`. */
export const batchGetAll = async (keys: readonly Key[], options: { projection?: string[]; concurrency?: number } = {}): Promise<Map<string, Item>> => {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  const names = options.projection ? Object.fromEntries(['pk', 'sk', ...options.projection].map((f, i) => [`#p${i}`, f])) : undefined;
  await mapLimit(groupsOf(unique, 100), { limit: options.concurrency ?? 4 }, async (group) => {
    await retryUnprocessed(group, async (pending) => {
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
      return (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }, { what: 'BatchGetItem', ...unprocessedRetry });
  });
  return found;
};

export const keyString = (key: Key): string => `${key.pk}|${key.sk}`;
