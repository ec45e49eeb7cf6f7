/**
 * The installment reminder queue: unpaid parts in the due index (`T#<tenant>#INSTALLMENTDUE`) sorted by
 * due date. A part leaves it once its reminder is in the send ledger (or it was paid or is past
 * due), so hourly runs read only parts whose reminder is still to come, never the same part on
 * and on until its due date: the read is the work.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName, documentClient } from './client.js';
import { queryAll } from './query-all.js';
import { stripKeys, type InstallmentPart } from './visit-repository.js';
import { installmentEntity, installmentPartLabel } from './entities/installment.js';

export type QueuedInstallment = InstallmentPart & { queueKey: string };

/** Every queued part due on or before `lastDueDate` (YYYY-MM-DD). */
export const queuedInstallments = async (tenantId: string, lastDueDate: string): Promise<QueuedInstallment[]> => {
  const { due } = installmentEntity.indexes;
  // '~' sorts after every character of the key's other parts: the whole last day is included.
  const items = await queryAll(due.query({ tenantId }, { le: `${due.sk.prefix({ dueDate: lastDueDate })}~` }));
  return items.map((item) => ({ ...stripKeys<InstallmentPart>(item), queueKey: due.sortKeyOf(item) }));
};

/**
 * Takes the part out of the queue. Holds only while it is still queued under the key read, so
 * concurrent runs (a redelivered event) remove it once and a re-keyed part is left alone.
 * Returns false when someone else already did.
 */
export const leaveInstallmentQueue = async (tenantId: string, part: QueuedInstallment, reminded: boolean, at: string): Promise<boolean> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: installmentEntity.key({ tenantId, patientId: part.patientId, visitId: part.visitId, part: installmentPartLabel(part.n) }),
        UpdateExpression: `REMOVE ${installmentEntity.indexes.due.removeExpression}${reminded ? ' SET remindedAt = :at' : ''}`,
        ConditionExpression: `${installmentEntity.indexes.due.skAttribute} = :key`,
        ExpressionAttributeValues: { ':key': part.queueKey, ...(reminded ? { ':at': at } : {}) },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};
