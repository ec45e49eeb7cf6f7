/**
 * The recall outreach queue: recall items in the due index under `RECALLDUE`, sorted by the day something
 * is next due for them. A run reads the queue up to today only; each handled item moves to its
 * next day or leaves the queue, with a condition on the key it was read at, so concurrent runs
 * move it once and a checkout that replaced the recall (a new due date) is never overwritten.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { recallEntity } from './entities/recall.js';

export type QueuedRecall = { patientId: string; clinicId: string; group: string; dueDate: string; contacts: number; stepsDone: number[]; queueKey: string };

export const queuedRecalls = async (
  tenantId: string,
  uptoDay: string,
  startKey: Record<string, unknown> | undefined,
  limit = 100,
): Promise<{ items: QueuedRecall[]; lastKey?: Record<string, unknown>; read: number }> => {
  const page = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      ...recallEntity.indexes.due.query({ tenantId }, { le: `${uptoDay}~` }),
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  const items = (page.Items ?? []).map((i) => ({
    patientId: String(i.patientId),
    clinicId: String(i.clinicId),
    group: String(i.group),
    dueDate: String(i.dueDate),
    contacts: Number(i.contacts ?? i.attempts ?? 0),
    stepsDone: Array.isArray(i.stepsDone) ? i.stepsDone.map(Number) : [],
    queueKey: recallEntity.indexes.due.sortKeyOf(i),
  }));
  return { items, read: page.ScannedCount ?? items.length, ...(page.LastEvaluatedKey ? { lastKey: page.LastEvaluatedKey } : {}) };
};

/**
 * Moves a recall to its next queue day (`nextQueueDay`) or out of the queue (undefined), counting
 * the step just taken. False when someone else moved or replaced it first.
 */
export const moveRecall = async (tenantId: string, recall: QueuedRecall, nextQueueDay: string | undefined, stepTaken?: number): Promise<boolean> => {
  const sets = ['updatedQueueAt = :now'];
  const values: Record<string, unknown> = { ':read': recall.queueKey, ':due': recall.dueDate, ':now': new Date().toISOString() };
  if (stepTaken !== undefined) {
    sets.push('contacts = if_not_exists(contacts, :zero) + :one', 'stepsDone = list_append(if_not_exists(stepsDone, :none), :step)');
    Object.assign(values, { ':zero': 0, ':one': 1, ':none': [], ':step': [stepTaken] });
  }
  if (nextQueueDay) {
    const moved = recallEntity.indexes.due.set({ sk: recallEntity.indexes.due.sk.fill({ queueDay: nextQueueDay, patientId: recall.patientId, group: recall.group }) });
    sets.push(...moved.clauses);
    Object.assign(values, moved.values);
  }
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: recallEntity.key({ tenantId, patientId: recall.patientId, group: recall.group }),
        UpdateExpression: `SET ${sets.join(', ')}${nextQueueDay ? '' : ` REMOVE ${recallEntity.indexes.due.removeExpression}`}`,
        ConditionExpression: `${recallEntity.indexes.due.skAttribute} = :read AND dueDate = :due`,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};
