/**
 * Small helpers the engagement repositories share: newest-first index pages with cursors bound
 * to their partition, and transactions whose cancellation says which item's condition failed.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { encodeCursor } from './cursor.js';
import { resolveIndexCursor } from './index-cursor.js';
import { documentClient, tableName } from './client.js';
import { tenantPrefix } from './entities/partitions.js';
import type { EntityIndex, IndexDeclaration } from './entities/define-entity.js';
import type { TemplateValues } from './entities/key-template.js';

/** One page of the index partition `partition` fills, newest first, optionally within a sort-key prefix. */
export const queryIndexPage = async <D extends IndexDeclaration>(
  tenantId: string,
  index: EntityIndex<D>,
  partition: TemplateValues<D['pk']>,
  options: { limit: number; cursor?: string | undefined; skPrefix?: string | undefined },
): Promise<{ items: Record<string, unknown>[]; cursor?: string }> => {
  // The cursor names an item; it must sit in this very index partition (and prefix).
  const start = await resolveIndexCursor(options.cursor, index, index.pk.fill(partition), tenantPrefix(tenantId), options.skPrefix ?? '');
  const page = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      ...index.query(partition, options.skPrefix === undefined ? undefined : { beginsWith: options.skPrefix }),
      ScanIndexForward: false,
      Limit: options.limit,
      ExclusiveStartKey: start,
    }),
  );
  const next = encodeCursor(page.LastEvaluatedKey);
  return { items: page.Items ?? [], ...(next ? { cursor: next } : {}) };
};

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Thrown when a transaction was cancelled because of conditions: `failed[i]` is item i's. */
export class TransactionConditionFailed extends Error {
  constructor(readonly failed: boolean[]) {
    super('transaction condition failed');
    this.name = 'TransactionConditionFailed';
  }
}

/** All or nothing (invariant 10); a condition failure comes back as TransactionConditionFailed. */
export const transactWrite = async (items: TransactItem[]): Promise<void> => {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new TransactionConditionFailed(items.map((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed'));
      }
    }
    throw error;
  }
};

/** Copies only the listed attributes: keys and index attributes never leave the adapter. */
export const pick = <T>(item: Record<string, unknown>, fields: readonly string[]): T => {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (item[f] !== undefined) out[f] = item[f];
  return out as T;
};
