/** Follow-up tasks: in the patient's partition, listed per clinic through a sparse index of pending tasks. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { deltaForTaskChange, kpiTaskOf } from '../../../shared/domain/kpi/rollup.js';
import { defaultTimeZone } from '../../../shared/domain/time.js';
import { rollupUpdates } from './kpi-repository.js';
import { DomainError } from '../../../shared/domain/errors.js';
import type { FollowUpTask } from '../../../shared/schemas/task.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { stripKeys, taskItem } from './visit-repository.js';
import { taskEntity } from './entities/task.js';

/** The task's due / done / overdue counts per staff member, in the same transaction (last: no condition). */
const taskRollups = (tenantId: string, before: FollowUpTask | undefined, after: FollowUpTask, timeZone: string) =>
  rollupUpdates(tenantId, deltaForTaskChange(before ? kpiTaskOf(before) : undefined, kpiTaskOf(after), timeZone));

const cancelledByCondition = (error: unknown): boolean => error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';

export const createTask = async (tenantId: string, task: FollowUpTask, timeZone = defaultTimeZone): Promise<void> => {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: tableName, Item: taskItem(tenantId, task), ConditionExpression: 'attribute_not_exists(pk)' } }, ...taskRollups(tenantId, undefined, task, timeZone)],
      }),
    );
  } catch (error) {
    if (cancelledByCondition(error)) {
      throw new DomainError('conflict', 'occasion: this patient already has a task for this occasion', [{ path: 'occasion', message: 'already has a task', code: 'already_exists' }]);
    }
    throw error;
  }
};

export const getTask = async (tenantId: string, patientId: string, taskId: string): Promise<FollowUpTask | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: taskEntity.key({ tenantId, patientId, taskId }), ConsistentRead: true }));
  return Item ? stripKeys<FollowUpTask>(Item) : undefined;
};

/** Writes the task back only if nobody recorded an attempt meanwhile (attempt count unchanged). */
export const saveTaskAfterAttempt = async (tenantId: string, before: FollowUpTask, after: FollowUpTask, timeZone = defaultTimeZone): Promise<boolean> => {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: taskItem(tenantId, after), ConditionExpression: 'size(attempts) = :count', ExpressionAttributeValues: { ':count': before.attempts.length } } },
          ...taskRollups(tenantId, before, after, timeZone),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancelledByCondition(error)) return false;
    throw error;
  }
};

/** Pending tasks of a clinic due before `dueBefore` (all when omitted), soonest first. */
export const listPendingTasks = async (tenantId: string, clinicId: string, limit: number, dueBefore?: string): Promise<FollowUpTask[]> =>
  (
    await queryAll(
      taskEntity.indexes.openByClinic.query({ tenantId, clinicId }, dueBefore ? { lt: dueBefore } : undefined),
      limit,
    )
  ).map((i) => stripKeys<FollowUpTask>(i));
