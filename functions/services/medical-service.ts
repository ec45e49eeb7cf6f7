/**
 * Medical history and allergies (PIPL: sensitive data). Stored only with the patient's separate
 * health-data consent; every read is audited before the data is returned; never shown to
 * marketing (the route permission) and never logged.
 */
import type { Caller } from '../../shared/domain/access.js';
import { hasConsent } from '../../shared/domain/patient.js';
import type { MedicalRecord, MedicalRecordInput, VisitNote } from '../../shared/schemas/medical.js';
import { notFound } from '../../shared/domain/errors.js';
import { findPatientVisit } from '../adapters/dynamo/visit-repository.js';
import { getVisitNote, putVisitNote } from '../adapters/dynamo/visit-note-repository.js';
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

const visitOf = async (caller: Caller, patientId: string, visitId: string): Promise<void> => {
  if (!(await findPatientVisit(caller.tenantId, patientId, visitId))) throw notFound('visit');
};

/** A visit's treatment notes, for clinical roles; audited like any read of the medical record. */
export const readVisitNote = async (caller: Caller, patientId: string, visitId: string): Promise<VisitNote> => {
  await readPatient(caller, patientId);
  await visitOf(caller, patientId, visitId);
  await recordAudit(caller.tenantId, auditEvent(caller, patientId, 'medical.read', { fields: ['treatmentNote'], refId: visitId }));
  return (await getVisitNote(caller.tenantId, patientId, visitId)) ?? { visitId, text: '' };
};

export const writeVisitNote = async (caller: Caller, patientId: string, visitId: string, text: string, now = new Date()): Promise<VisitNote> => {
  const patient = await readPatient(caller, patientId);
  await visitOf(caller, patientId, visitId);
  if (!hasConsent(patient.consents, 'healthData')) throw noHealthConsent();
  const note: VisitNote = { visitId, text, updatedAt: now.toISOString(), updatedBy: caller.userId };
  await putVisitNote(caller.tenantId, patientId, note, auditEvent(caller, patientId, 'medical.write', { fields: ['treatmentNote'], refId: visitId }));
  return note;
};
