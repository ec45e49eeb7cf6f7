/**
 * Adds a batch of the ledger's message counts to the KPI rollups (functions/streams/message-counts.ts).
 * ADD is not idempotent, and the stream delivers a failed batch again; so each chain's updates go
 * in one transaction (all or nothing: a failed batch added nothing) together with a marker item
 * named after the batch's records, put only if absent. A batch delivered again after a success
 * (the function died after its write, or another chain's part of the batch failed) finds its
 * marker and adds nothing. Markers go by TTL after two days (the stream keeps records one).
 * A conflict with another transaction on the same day's rollup (a checkout) is tried again.
 */
import { createHash } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DayCounters } from '../../../shared/domain/kpi/rollup.js';
import { retry } from '../../lib/retry.js';
import { documentClient, tableName } from './client.js';
import { cancellationCodes, transactionConflicted } from './conditional-write.js';
import { rollupUpdates } from './kpi-repository.js';
import { messageCountBatchEntity } from './entities/kpi.js';

/** DynamoDB's limit of actions per transaction, the marker included. */
const perTransaction = 100;
const markerDays = 2;

/** The batch's name (its marker's key): its records' ids, and which part of the chain's updates (over 99 clinic days). */
export const batchToken = (recordIds: readonly string[], part: string): string =>
  createHash('sha256').update(`${part}\n${recordIds.join('\n')}`).digest('base64url').slice(0, 36);

/** The marker (the first action) refused: this part of the batch was added before. */
const alreadyAdded = (error: unknown): boolean => cancellationCodes(error)[0] === 'ConditionalCheckFailed';

export const addMessageCounts = async (tenantId: string, deltas: readonly DayCounters[], recordIds: readonly string[], now: Date = new Date()): Promise<number> => {
  const updates = rollupUpdates(tenantId, deltas);
  let written = 0;
  for (let start = 0; start < updates.length; start += perTransaction - 1) {
    const token = batchToken(recordIds, `${tenantId}#${start}`);
    const marker = { ...messageCountBatchEntity.key({ tenantId, batch: token }), type: 'message-count-batch', expiresAt: Math.floor(now.getTime() / 1000) + markerDays * 86_400 };
    const part = updates.slice(start, start + perTransaction - 1);
    try {
      await retry(() => documentClient.send(new TransactWriteCommand({
        // No ClientRequestToken: the marker already makes a second delivery a no-op, at any age,
        // and a token would refuse the same batch with a later marker expiry as a mismatch.
        TransactItems: [{ Put: { TableName: tableName, Item: marker, ConditionExpression: 'attribute_not_exists(pk)' } }, ...part],
      })), { attempts: 5, baseMs: 50, capMs: 1_000, retryIf: transactionConflicted });
      written += part.length;
    } catch (error) {
      if (!alreadyAdded(error)) throw error;
    }
  }
  return written;
};
