/**
 * Merging two records of one person (an import duplicate, a walk-in booked twice): the target
 * keeps its identity and consents and gains the source's visits, appointments, tasks,
 * installments and medical notes, its membership cards and stored value (with ledger rows for the
 * move, to the fen); the summary and recalls are combined; the source answers 404
 * pointing to the target. All history is kept, and both audit logs say who merged what.
 */
import type { Caller } from '../../shared/domain/access.js';
import { DomainError, invalid } from '../../shared/domain/errors.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { auditEvent } from '../adapters/dynamo/audit-repository.js';
import { copyHistory, deleteSourceCopies, rekeyHistory, retireSource } from '../adapters/dynamo/merge-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { getMedicalRecord } from '../adapters/dynamo/medical-repository.js';
import { getWalletAccount, walletMergeItems } from '../adapters/dynamo/wallet-repository.js';
import { planMembershipMerge } from '../adapters/dynamo/membership-merge.js';
import { packRefMoves } from '../adapters/dynamo/pack-repository.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import { ulid } from 'ulid';
import { hasConsent } from '../../shared/domain/patient.js';
import type { MedicalRecord } from '../../shared/schemas/medical.js';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { getSummary, readPatientPartition } from '../adapters/dynamo/visit-repository.js';
import { summaryAfterMerge } from '../../shared/domain/patient-summary.js';
import { readPatient } from './patient-service.js';
import { canSeeClinic } from '../../shared/domain/access.js';
import { withFactsRefresh } from './segment-facts-service.js';

const mergePatientsCommit = async (caller: Caller, targetId: string, sourceId: string): Promise<PatientRecord> => {
  if (targetId === sourceId) throw invalid('sourcePatientId', 'is the same patient', { code: 'patient.same' });
  const target = await readPatient(caller, targetId);
  const source = await getPatient(caller.tenantId, sourceId);
  if (!source || !canSeeClinic(caller, source.clinicId)) throw invalid('sourcePatientId', 'is not a patient you can see', { code: 'patient.not_visible' });
  if (source.mergedInto) throw new DomainError('conflict', `sourcePatientId: already merged into ${source.mergedInto}`, [{ path: 'sourcePatientId', message: `was already merged into ${source.mergedInto}`, code: 'patient.merged' }]);
  // Stored value and cards come along in the merge's transaction (carried below).
  const wallet = await getWalletAccount(caller.tenantId, sourceId);
  const cards = await planMembershipMerge({ tenantId: caller.tenantId, sourceId, targetId, today: localDay(new Date(), defaultTimeZone) });

  const moved = await rekeyHistory(caller.tenantId, sourceId, targetId);
  // Medical history moves only into a record whose owner consented to health data (PIPL).
  const sourceMedical = moved.medical && (moved.medical.conditions.length || moved.medical.allergies.length || moved.medical.medications.length || moved.medical.history);
  if ((sourceMedical || moved.visitNotes > 0) && !hasConsent(target.consents, 'healthData')) {
    throw invalid('sourcePatientId', 'has medical history; record health-data consent on the patient who stays first', { code: 'patient.has_medical' });
  }
  const targetMedical = sourceMedical ? await getMedicalRecord(caller.tenantId, targetId) : undefined;
  const union = (a: string[] = [], b: string[] = []) => [...new Set([...a, ...b])];
  const medical: MedicalRecord | undefined =
    sourceMedical && moved.medical
      ? {
          conditions: union(targetMedical?.conditions, moved.medical.conditions),
          allergies: union(targetMedical?.allergies, moved.medical.allergies),
          medications: union(targetMedical?.medications, moved.medical.medications),
          history: [targetMedical?.history, moved.medical.history].filter(Boolean).join('\n'),
          updatedAt: new Date().toISOString(),
          updatedBy: caller.userId,
        }
      : undefined;
  await copyHistory([...moved.copies, ...cards.copies]);
  const targetSummary = await getSummary(caller.tenantId, targetId);
  // Recalls: per group, the earlier due date of the two records.
  const targetRecalls = (await readPatientPartition(caller.tenantId, targetId)).filter((i) => i.type === 'recall');
  const byGroup = new Map<string, { group: string; dueDate: string; anchorDate: string; clinicId: string; basedOnVisitId: string }>();
  for (const r of [...targetRecalls, ...moved.recalls]) {
    const entry = { group: String(r.group), dueDate: String(r.dueDate), anchorDate: String(r.anchorDate), clinicId: String(r.clinicId), basedOnVisitId: String(r.basedOnVisitId) };
    const current = byGroup.get(entry.group);
    if (!current || entry.dueDate < current.dueDate) byGroup.set(entry.group, entry);
  }
  const audits = [
    auditEvent(caller, targetId, 'patient.merge', { refId: sourceId }),
    auditEvent(caller, sourceId, 'patient.merge', { refId: targetId }),
    ...(medical ? [auditEvent(caller, targetId, 'medical.write', { fields: ['merged'], refId: sourceId })] : []),
  ];
  const at = new Date();
  const packRefs = await packRefMoves(caller.tenantId, sourceId, targetId);
  const carried = [...cards.transact, ...packRefs, ...walletMergeItems(caller.tenantId, { source: { patientId: sourceId, clinicId: source.clinicId }, target: { patientId: targetId, clinicId: target.clinicId } }, wallet, at.toISOString(), caller.userId, { out: ulid(at.getTime()), in: ulid(at.getTime()) })];
  try {
    await retireSource(caller.tenantId, sourceId, targetId, summaryAfterMerge(targetSummary, moved.summary), targetSummary?.version, [...byGroup.values()], audits, medical, moved.summary?.version, { items: carried });
  } catch (error) {
    // Nothing half-written: the copies made for this attempt are taken back out of the target.
    await deleteSourceCopies([...moved.copies, ...cards.copies].map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
    if (error instanceof TransactionCanceledException) {
      throw new DomainError('conflict', 'One of the two records changed during the merge (or was merged already); reload both and try again');
    }
    throw error;
  }
  await deleteSourceCopies([...moved.sourceKeys, ...cards.sourceKeys]);
  return target;
};

/** mergePatients, then the facts of the patients it changed (segment-facts-service.ts). */
export const mergePatients = /* @__PURE__ */ withFactsRefresh(mergePatientsCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1], a[2]] }));
