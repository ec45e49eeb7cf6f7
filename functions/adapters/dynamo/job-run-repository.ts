/** A record of each job run per chain: what the owner sees on the jobs page. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { JobName } from '../../../shared/schedules.js';
import { documentClient, tableName } from './client.js';
import { jobRunEntity } from './entities/job-run.js';
import type { JobRun } from '../../../shared/schemas/jobs.js';

export type { JobRun };

const retentionSeconds = 90 * 24 * 3600;

export const recordJobRun = async (tenantId: string, run: JobRun): Promise<void> => {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...jobRunEntity.key({ tenantId, job: run.job, startedAt: run.startedAt }), type: 'job-run', ...run, expiresAt: Math.floor(Date.now() / 1000) + retentionSeconds },
    }),
  );
};

export const latestJobRun = async (tenantId: string, job: JobName): Promise<JobRun | undefined> => {
  const { pk, skPrefix } = jobRunEntity.range({ tenantId, job });
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  const item = Items?.[0];
  if (!item) return undefined;
  return jobRunEntity.fromItem<JobRun>(item);
};
