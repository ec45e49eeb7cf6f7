/**
 * Care messages still to send (written by checkout in its transaction). Each waits in the
 * chain's due index (by due time) until the care-messages job hands it to the send
 * pipeline; once the ledger holds the occasion the item is deleted, so the index only ever
 * holds what is still to do and the job never scans.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { CareMessage } from '../../../shared/domain/care-pathway.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { careMessageEntity } from './entities/care-message.js';

export type StoredCareMessage = CareMessage & { patientId: string; clinicId: string; visitId: string; createdAt: string };

export const careMessageItem = (tenantId: string, message: StoredCareMessage) => ({
  ...careMessageEntity.key({ tenantId, patientId: message.patientId, visitId: message.visitId, procedureCode: message.procedureCode, stepIndex: message.stepIndex }),
  type: 'care-message',
  patientId: message.patientId,
  clinicId: message.clinicId,
  visitId: message.visitId,
  procedureCode: message.procedureCode,
  stepIndex: message.stepIndex,
  offsetDays: message.offsetDays,
  topic: message.topic,
  occasion: message.occasion,
  dueAt: message.dueAt,
  createdAt: message.createdAt,
  ...careMessageEntity.indexes.due.keys({ tenantId, ...message }),
});

const fromItem = (item: Record<string, unknown>): StoredCareMessage => ({
  occasion: String(item.occasion),
  topic: String(item.topic),
  dueAt: String(item.dueAt),
  procedureCode: String(item.procedureCode),
  stepIndex: Number(item.stepIndex),
  offsetDays: Number(item.offsetDays),
  patientId: String(item.patientId),
  clinicId: String(item.clinicId),
  visitId: String(item.visitId),
  createdAt: String(item.createdAt),
});

/** Care messages due by `now`, oldest first; at most `limit` per call (the next run takes the rest). */
export const careMessagesDueBy = async (tenantId: string, now: string, limit: number): Promise<StoredCareMessage[]> =>
  (
    await queryAll(
      careMessageEntity.indexes.due.query({ tenantId }, { le: `${now}~` }),
      limit,
    )
  ).map(fromItem);

/**
 * One visit's care messages, read from the patient's partition with a consistent read: right
 * after checkout the (eventually consistent) index may not show them yet.
 */
export const visitCareMessages = async (tenantId: string, patientId: string, visitId: string): Promise<StoredCareMessage[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': careMessageEntity.pk.fill({ tenantId, patientId }), ':prefix': careMessageEntity.sk.prefix({ visitId }) },
      ConsistentRead: true,
    })
  ).map(fromItem);

/** Done with: the ledger holds the occasion. Deleting twice (a duplicate delivery) is harmless. */
export const deleteCareMessage = async (tenantId: string, message: StoredCareMessage): Promise<void> => {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: careMessageEntity.key({ tenantId, patientId: message.patientId, visitId: message.visitId, procedureCode: message.procedureCode, stepIndex: message.stepIndex }) }));
};
