/**
 * Where a batched job run left off: the start key of its next page and its tally so far, per
 * (job, run key). A run that fails resumes at the page it was working on; pages are idempotent
 * (the send ledger), so the page redone after a crash sends nobody a second message.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { jobCheckpointEntity } from './entities/job-checkpoint.js';

export type Checkpoint = { startKey?: Record<string, unknown>; done: boolean; pages: number; tally: Record<string, number> };

const retentionSeconds = 14 * 24 * 3600;

export const readCheckpoint = async (tenantId: string, job: string, runKey: string): Promise<Checkpoint | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: jobCheckpointEntity.key({ tenantId, job, runKey }), ConsistentRead: true }));
  if (!Item) return undefined;
  return { startKey: Item.startKey as Record<string, unknown> | undefined, done: Item.done === true, pages: Number(Item.pages ?? 0), tally: (Item.tally ?? {}) as Record<string, number> };
};

export const writeCheckpoint = async (tenantId: string, job: string, runKey: string, checkpoint: Checkpoint, at: string): Promise<void> => {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...jobCheckpointEntity.key({ tenantId, job, runKey }), type: 'job-checkpoint', ...checkpoint, updatedAt: at, expiresAt: Math.floor(Date.parse(at) / 1000) + retentionSeconds },
    }),
  );
};
