/**
 * Medical history and allergies (PIPL: sensitive data). Stored only with the patient's separate
 * health-data consent; every read is audited before the data is returned; never shown to
 * marketing (the route permission) and never logged.
 */
import type { Caller } from '../../shared/domain/access.js';
import { hasConsent } from '../../shared/domain/patient.js';
import type { MedicalRecord, MedicalRecordInput } from '../../shared/schemas/medical.js';
import { auditEvent, recordAudit } from '../adapters/dynamo/audit-repository.js';
import { getMedicalRecord, noHealthConsent, putMedicalRecord } from '../adapters/dynamo/medical-repository.js';
import { readPatient } from './patient-service.js';

const empty: MedicalRecord = { conditions: [], allergies: [], medications: [], history: '' };

export const readMedicalRecord = async (caller: Caller, patientId: string): Promise<MedicalRecord> => {
  await readPatient(caller, patientId);
  await recordAudit(caller.tenantId, auditEvent(caller, patientId, 'medical.read'));
  return (await getMedicalRecord(caller.tenantId, patientId)) ?? empty;
};

export const writeMedicalRecord = async (caller: Caller, patientId: string, input: MedicalRecordInput, now = new Date()): Promise<MedicalRecord> => {
  const patient = await readPatient(caller, patientId);
  if (!hasConsent(patient.consents, 'healthData')) throw noHealthConsent();
  const record: MedicalRecord = { ...input, updatedAt: now.toISOString(), updatedBy: caller.userId };
  await putMedicalRecord(caller.tenantId, patientId, record, auditEvent(caller, patientId, 'medical.write', { fields: Object.keys(input).sort() }));
  return record;
};

/**
 * Whether an allergy is on record, and nothing else: what the desk needs at booking and checkout.
 * Still a read of the medical record, so it is audited as one (naming the one fact read).
 */
export const readAllergyAlert = async (caller: Caller, patientId: string): Promise<{ hasAllergyAlert: boolean }> => {
  await readPatient(caller, patientId);
  await recordAudit(caller.tenantId, auditEvent(caller, patientId, 'medical.read', { fields: ['allergyAlert'] }));
  const record = await getMedicalRecord(caller.tenantId, patientId);
  return { hasAllergyAlert: (record?.allergies.length ?? 0) > 0 };
};
