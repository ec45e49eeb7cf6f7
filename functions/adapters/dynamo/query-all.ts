/** Every item a query matches, page by page (DynamoDB pages stop at 1 MB); `limit` stops early. */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export const queryAll = async (input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>, limit?: number): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({ TableName: tableName, ...input, ...(limit ? { Limit: limit - items.length } : {}), ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = limit !== undefined && items.length >= limit ? undefined : page.LastEvaluatedKey;
  } while (start);
  return items;
};

/** Every item of a key range (an entity's `range(...)`: its partition and sort-key prefix); `consistent` for a read right after writes. */
export const queryRange = (range: { pk: string; skPrefix: string }, options: { consistent?: boolean } = {}): Promise<Record<string, unknown>[]> =>
  queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix },
    ...(options.consistent ? { ConsistentRead: true } : {}),
  });

/** One page of a partition, newest first, with a cursor bound to that partition. */
export const newestFirstPage = async (pk: string, limit: number, cursor?: string): Promise<{ items: Record<string, unknown>[]; cursor?: string }> => {
  const page = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, 'pk', pk),
    }),
  );
  const next = encodeCursor(page.LastEvaluatedKey);
  return { items: page.Items ?? [], ...(next ? { cursor: next } : {}) };
};
