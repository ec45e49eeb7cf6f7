/**
 * BatchWriteItem in groups of 25, retrying what DynamoDB hands back as unprocessed with
 * backoff until all is written: nothing is dropped.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { retryUnprocessed, type RetryPolicy } from '../../lib/retry.js';
import { documentClient, tableName } from './client.js';

type WriteRequest = { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } };

/** The first try and 12 retries, each wait under 50 ms · 2^n and at most a second. */
const unprocessedRetry: RetryPolicy = { attempts: 13, baseMs: 50, capMs: 1000 };

const writeAll = async (requests: WriteRequest[], table: string): Promise<void> => {
  for (let i = 0; i < requests.length; i += 25) {
    await retryUnprocessed(
      requests.slice(i, i + 25),
      async (pending) => {
        const result = await documentClient.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        return (result.UnprocessedItems?.[table] ?? []) as WriteRequest[];
      },
      { what: 'BatchWriteItem', ...unprocessedRetry },
    );
  }
};

export const batchPut = (items: Record<string, unknown>[], table = tableName): Promise<void> => writeAll(items.map((Item) => ({ PutRequest: { Item } })), table);

/** Deletes items by key. */
export const batchDelete = (keys: Record<string, unknown>[], table = tableName): Promise<void> => writeAll(keys.map((Key) => ({ DeleteRequest: { Key } })), table);
