/**
 * The patient profile in one read of the patient's partition: summary and lifecycle stage,
 * recall due dates, and one timeline of visits (with their payments), appointments, follow-up
 * tasks and installment parts, newest first.
 */
import type { Caller } from '../../shared/domain/access.js';
import { lifecycleStage } from '../../shared/domain/lifecycle.js';
import { presentPatient, type PatientRecord } from '../../shared/domain/patient.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import type { InstallmentPart, PatientTimeline, RecallDue, TimelineEntry, Visit } from '../../shared/schemas/visit.js';
import { auditEvent, recordAudit } from '../adapters/dynamo/audit-repository.js';
import { listVisits, readPatientPartition, stripKeys, type StoredSummary } from '../adapters/dynamo/visit-repository.js';
import { readPatient } from './patient-service.js';

export const patientTimeline = async (caller: Caller, patientId: string, now = new Date()): Promise<PatientTimeline> => {
  await readPatient(caller, patientId);
  // Treatment history is part of the medical record: the read is logged before it happens.
  await recordAudit(caller.tenantId, auditEvent(caller, patientId, 'timeline.read'));
  const items = await readPatientPartition(caller.tenantId, patientId);
  const of = (type: string) => items.filter((i) => i.type === type).map((i) => stripKeys<Record<string, unknown>>(i));
  const profile = of('patient')[0] as PatientRecord | undefined;
  const summary = of('patient-summary')[0] as StoredSummary | undefined;
  const entries: TimelineEntry[] = [
    ...(of('visit') as Visit[]).map((visit): TimelineEntry => ({ kind: 'visit', at: visit.visitedAt, visit })),
    ...(of('appointment') as Appointment[]).map((appointment): TimelineEntry => ({ kind: 'appointment', at: appointment.startAt, appointment })),
    ...(of('task') as FollowUpTask[]).map((task): TimelineEntry => ({ kind: 'task', at: task.dueAt, task })),
    ...(of('installment') as InstallmentPart[]).map((installment): TimelineEntry => ({ kind: 'installment', at: `${installment.dueDate}T00:00:00.000Z`, installment })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const facts: Omit<StoredSummary, 'version'> = summary ?? { visitCount: 0, totalSpendFen: 0 };
  return {
    ...(profile ? { patient: presentPatient(profile, caller.role) } : {}),
    summary: {
      visitCount: facts.visitCount,
      totalSpendFen: facts.totalSpendFen,
      ...(facts.firstVisitAt ? { firstVisitAt: facts.firstVisitAt } : {}),
      ...(facts.lastVisitAt ? { lastVisitAt: facts.lastVisitAt } : {}),
      lifecycleStage: lifecycleStage(facts, now),
    },
    recalls: (of('recall') as RecallDue[]).map((r) => ({ group: r.group, dueDate: r.dueDate, basedOnVisitId: r.basedOnVisitId })),
    items: entries,
  };
};

/** The visit list is treatment history too: audited like the timeline. */
export const patientVisits = async (caller: Caller, patientId: string, limit: number) => {
  await readPatient(caller, patientId);
  await recordAudit(caller.tenantId, auditEvent(caller, patientId, 'visits.read'));
  return listVisits(caller.tenantId, patientId, limit);
};
