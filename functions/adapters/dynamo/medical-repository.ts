/** The medical record: one item per patient, written together with its audit event. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../../shared/domain/errors.js';
import type { AuditEvent } from '../../../shared/schemas/audit.js';
import type { MedicalRecord } from '../../../shared/schemas/medical.js';
import { auditItem } from './audit-repository.js';
import { documentClient, tableName } from './client.js';
import { medicalEntity } from './entities/medical.js';
import { patientEntity } from './entities/patient.js';

export const getMedicalRecord = async (tenantId: string, patientId: string): Promise<MedicalRecord | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: medicalEntity.key({ tenantId, patientId }), ConsistentRead: true }));
  if (!Item) return undefined;
  return medicalEntity.fromItem<MedicalRecord>(Item);
};

export const putMedicalRecord = async (tenantId: string, patientId: string, record: MedicalRecord, audit: AuditEvent): Promise<void> => {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        // Consent is checked in the same transaction: withdrawn a moment ago means nothing is stored.
        {
          ConditionCheck: {
            TableName: tableName,
            Key: patientEntity.key({ tenantId, patientId }),
            ConditionExpression: 'consents.healthData.granted = :yes',
            ExpressionAttributeValues: { ':yes': true },
          },
        },
        { Put: { TableName: tableName, Item: { ...medicalEntity.key({ tenantId, patientId }), type: 'medical', ...record } } },
        { Put: { TableName: tableName, Item: auditItem(tenantId, audit) } },
      ],
    }),
  ).catch((error: unknown) => {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') throw noHealthConsent();
    throw error;
  });
};

export const noHealthConsent = (): DomainError =>
  new DomainError('invalid', 'consents.healthData: record the patient’s consent to keep health data first', [
    { path: 'consents.healthData', message: 'must be granted before medical history is stored', code: 'consent.health_data_required' },
  ]);

/** The delete of a medical record, for the transaction that withdraws health-data consent. */
export const eraseMedicalAction = (tenantId: string, patientId: string) => ({ Delete: { TableName: tableName, Key: medicalEntity.key({ tenantId, patientId }) } });
