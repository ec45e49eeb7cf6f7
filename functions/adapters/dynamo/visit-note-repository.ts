/** Treatment notes per visit: written with their audit event, only while health-data consent holds. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../../shared/schemas/audit.js';
import type { VisitNote } from '../../../shared/schemas/medical.js';
import { auditItem } from './audit-repository.js';
import { documentClient, tableName } from './client.js';
import { patientEntity } from './entities/patient.js';
import { visitNoteEntity } from './entities/visit-note.js';
import { noHealthConsent } from './medical-repository.js';
import { queryAll } from './query-all.js';

export const getVisitNote = async (tenantId: string, patientId: string, visitId: string): Promise<VisitNote | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: visitNoteEntity.key({ tenantId, patientId, visitId }), ConsistentRead: true }));
  return Item ? visitNoteEntity.fromItem<VisitNote>(Item) : undefined;
};

export const putVisitNote = async (tenantId: string, patientId: string, note: VisitNote, audit: AuditEvent): Promise<void> => {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        // as for the medical record: consent withdrawn a moment ago means nothing is stored
        { ConditionCheck: { TableName: tableName, Key: patientEntity.key({ tenantId, patientId }), ConditionExpression: 'consents.healthData.granted = :yes', ExpressionAttributeValues: { ':yes': true } } },
        { Put: { TableName: tableName, Item: { ...visitNoteEntity.key({ tenantId, patientId, visitId: note.visitId }), type: visitNoteEntity.type, ...note } } },
        { Put: { TableName: tableName, Item: auditItem(tenantId, audit) } },
      ],
    }),
  ).catch((error: unknown) => {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') throw noHealthConsent();
    throw error;
  });
};

/**
 * Deletes of every treatment note of a patient, for the transaction that withdraws health-data
 * consent. At most `limit` (the transaction holds 100 actions; a patient has far fewer noted visits).
 */
export const eraseVisitNoteActions = async (tenantId: string, patientId: string, limit = 90) => {
  const pk = patientEntity.key({ tenantId, patientId }).pk;
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': visitNoteEntity.sk.prefix() }, ProjectionExpression: 'pk, sk' }, limit);
  return items.map((item) => ({ Delete: { TableName: tableName, Key: { pk: String(item.pk), sk: String(item.sk) } } }));
};
