/** Follow-up tasks: in the patient's partition, listed per clinic through a sparse index of pending tasks. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../../shared/domain/errors.js';
import type { FollowUpTask } from '../../../shared/schemas/task.js';
import { documentClient, tableName } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './query-all.js';
import { stripKeys, taskItem } from './visit-repository.js';

export const createTask = async (tenantId: string, task: FollowUpTask): Promise<void> => {
  try {
    await documentClient.send(new PutCommand({ TableName: tableName, Item: taskItem(tenantId, task), ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new DomainError('conflict', 'occasion: this patient already has a task for this occasion', [{ path: 'occasion', message: 'already has a task' }]);
    }
    throw error;
  }
};

export const getTask = async (tenantId: string, patientId: string, taskId: string): Promise<FollowUpTask | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.task(tenantId, patientId, taskId), ConsistentRead: true }));
  return Item ? stripKeys<FollowUpTask>(Item) : undefined;
};

/** Writes the task back only if nobody recorded an attempt meanwhile (attempt count unchanged). */
export const saveTaskAfterAttempt = async (tenantId: string, before: FollowUpTask, after: FollowUpTask): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: taskItem(tenantId, after),
        ConditionExpression: 'size(attempts) = :count',
        ExpressionAttributeValues: { ':count': before.attempts.length },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Pending tasks of a clinic due before `dueBefore` (all when omitted), soonest first. */
export const listPendingTasks = async (tenantId: string, clinicId: string, limit: number, dueBefore?: string): Promise<FollowUpTask[]> =>
  (
    await queryAll(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: dueBefore ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.openTasksByClinic(tenantId, clinicId), ...(dueBefore ? { ':before': dueBefore } : {}) },
      },
      limit,
    )
  ).map((i) => stripKeys<FollowUpTask>(i));
