/** The medical record: one item per patient, written together with its audit event. */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../../shared/schemas/audit.js';
import type { MedicalRecord } from '../../../shared/schemas/medical.js';
import { auditItem } from './audit-repository.js';
import { documentClient, tableName } from './client.js';
import { keys } from './keys.js';

export const getMedicalRecord = async (tenantId: string, patientId: string): Promise<MedicalRecord | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.medical(tenantId, patientId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _p, sk: _s, type: _t, ...record } = Item;
  return record as MedicalRecord;
};

export const putMedicalRecord = async (tenantId: string, patientId: string, record: MedicalRecord, audit: AuditEvent): Promise<void> => {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName, Item: { ...keys.medical(tenantId, patientId), type: 'medical', ...record } } },
        { Put: { TableName: tableName, Item: auditItem(tenantId, audit) } },
      ],
    }),
  );
};
