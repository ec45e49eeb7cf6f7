/**
 * Patients in bulk for imports: finding the clinic's patients by phone (to merge instead of
 * duplicating), and writing new patient items exactly as patient-repository's putNewPatient
 * writes them (same keys and index keys), 25 to a BatchWriteItem.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../../lib/concurrency.js';
import type { PatientRecord } from '../../../shared/domain/patient.js';
import { personKey, type PhoneOwner } from '../../../shared/domain/import-plan.js';
import { documentClient, tableName } from './client.js';
import { batchGetAll, batchWriteAll } from './import-batch.js';
import { patientIndexKeys, queryPatients } from './patient-repository.js';
import { patientEntity } from './entities/patient.js';

/** The stored patient item, indexed exactly as putNewPatient (patient-repository.ts) indexes it. */
export const patientItem = (tenantId: string, patient: PatientRecord, importId: string): Record<string, unknown> => ({
  ...patientEntity.key({ tenantId, patientId: patient.patientId }),
  type: 'patient',
  tenantId,
  ...patient,
  importId,
  ...patientIndexKeys(tenantId, patient),
});

export const writePatients = (tenantId: string, patients: readonly PatientRecord[], importId: string): Promise<void> =>
  batchWriteAll(patients.map((p) => patientItem(tenantId, p, importId)));

/** Which of these patients exist already (a chunk retried after it wrote some of them). */
export const existingPatientIds = async (tenantId: string, patientIds: readonly string[]): Promise<Set<string>> => {
  const found = await batchGetAll(patientIds.map((id) => patientEntity.key({ tenantId, patientId: id })), { projection: ['patientId'] });
  return new Set([...found.values()].map((item) => String(item.patientId)));
};

/** Above this many phones, one pass over the clinic's phone index beats a query per phone. */
const perPhoneQueryLimit = 300;

export type ClinicPeople = {
  /** person key (phone + folded name) → patient id; when two patients share both, the oldest */
  byPerson: Map<string, string>;
  /** phone → the clinic's patients with it, oldest first */
  byPhone: Map<string, PhoneOwner[]>;
};

/** The clinic's patients with one of `phones`. */
export const findClinicPeople = async (tenantId: string, clinicId: string, phones: readonly string[]): Promise<ClinicPeople> => {
  const wanted = new Set(phones);
  const people: { phone: string; name: string; patientId: string; createdAt: string }[] = [];
  if (wanted.size === 0) return { byPerson: new Map(), byPhone: new Map() };
  if (wanted.size <= perPhoneQueryLimit) {
    await mapLimit([...wanted], { limit: 16 }, async (phone) => {
      let cursor: string | undefined;
      do {
        // `${phone}#` keeps +86106552998 from matching +8610655299881.
        const page = await queryPatients(tenantId, { kind: 'phone', clinicId, prefix: `${phone}#` }, 100, cursor);
        for (const p of page.items) people.push(p);
        cursor = page.cursor;
      } while (cursor);
    });
  } else {
    const byPhone = patientEntity.indexes.byPhone.query({ tenantId, clinicId });
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          ...byPhone,
          ExpressionAttributeNames: { ...byPhone.ExpressionAttributeNames, '#name': 'name' },
          ProjectionExpression: 'patientId, phone, #name, createdAt',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const phone = String(item.phone);
        if (wanted.has(phone)) people.push({ phone, name: String(item.name), patientId: String(item.patientId), createdAt: String(item.createdAt) });
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
  const byPerson = new Map<string, string>();
  const byPhone = new Map<string, PhoneOwner[]>();
  for (const p of people.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const key = personKey(p.phone, p.name);
    if (!byPerson.has(key)) byPerson.set(key, p.patientId);
    const owners = byPhone.get(p.phone) ?? [];
    if (!owners.some((o) => o.patientId === p.patientId)) owners.push({ patientId: p.patientId, name: p.name });
    byPhone.set(p.phone, owners);
  }
  return { byPerson, byPhone };
};

