/**
 * Paying an installment part at the desk, and the open (unpaid) parts per clinic by due date.
 * Paying takes the part out of the reminder queue and the open list in the same conditional
 * write, so the next reminder run never reads it (installment-reminders.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { installmentEntity, installmentPartLabel } from './entities/installment.js';
import { stripKeys, type InstallmentPart } from './visit-repository.js';

export type PartRef = { tenantId: string; patientId: string; visitId: string; n: number };
export type StoredPart = Omit<InstallmentPart, 'status'> & { status: 'due' | 'paid' | 'void'; paidAt?: string; paidMethod?: string; paidBy?: string };
export type Payment = { method: string; at: string; by: string };

const keyOf = (ref: PartRef) => installmentEntity.key({ tenantId: ref.tenantId, patientId: ref.patientId, visitId: ref.visitId, part: installmentPartLabel(ref.n) });

export const getInstallmentPart = async (ref: PartRef): Promise<StoredPart | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keyOf(ref), ConsistentRead: true }));
  return Item ? stripKeys<StoredPart>(Item) : undefined;
};

/** Marks a due part paid; false when it is not due any more (paid or void meanwhile, or absent). */
export const markInstallmentPaid = async (ref: PartRef, payment: Payment): Promise<boolean> => {
  const { due, open } = installmentEntity.indexes;
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keyOf(ref),
        UpdateExpression: `SET #s = :paid, paidAt = :at, paidMethod = :m, paidBy = :by REMOVE ${due.removeExpression}, ${open.removeExpression}`,
        ConditionExpression: 'attribute_exists(pk) AND #s = :due',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':paid': 'paid', ':due': 'due', ':at': payment.at, ':m': payment.method, ':by': payment.by },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Unpaid parts of a clinic due before `beforeDay` (YYYY-MM-DD), oldest first, at most `limit`. */
export const openPartsBefore = async (tenantId: string, clinicId: string, beforeDay: string, limit: number): Promise<StoredPart[]> => {
  const { open } = installmentEntity.indexes;
  const items = await queryAll(open.query({ tenantId, clinicId }, { lt: open.sk.prefix({ dueDate: beforeDay }) }), limit);
  return items.map((item) => stripKeys<StoredPart>(item));
};
