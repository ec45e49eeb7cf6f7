/**
 * The daily rollups computed from scratch from the live records, independently of the delta
 * path for the counters that depend on a patient's other visits (unique and new patients).
 * The property test holds the incremental deltas to this; the lead's DynamoDB tests reuse it,
 * and a repair job can use it to rebuild a clinic's rollups.
 */
import { defaultTimeZone } from '../time.js';
import { appointmentContribution, type KpiAppointment } from './appointment-delta.js';
import { counterNames as n } from './counters.js';
import { clinicDay, dayKeyOf, mergeDayCounters, type DayCounters } from './day-counters.js';
import { messageContribution, type KpiMessage } from './message-delta.js';
import { deltaForSurvey, type KpiSurvey } from './survey-delta.js';
import { taskContribution, type KpiTask } from './task-delta.js';
import { newPatientCounters, visitPrecedes, visitRecordCounters, type KpiVisit } from './visit-delta.js';

export type KpiRecords = {
  /** clinicId → IANA zone; clinics not listed use Asia/Shanghai */
  timeZones?: Readonly<Record<string, string>>;
  /** patientId → acquisition channel; patients not listed count as 'other' */
  patientChannels?: Readonly<Record<string, string>>;
  /** live visits only: a cancelled visit counts nothing */
  visits?: readonly KpiVisit[];
  appointments?: readonly KpiAppointment[];
  tasks?: readonly KpiTask[];
  messages?: readonly KpiMessage[];
  surveys?: readonly KpiSurvey[];
};

export const recomputeRollups = (records: KpiRecords): DayCounters[] => {
  const zoneOf = (clinicId: string) => records.timeZones?.[clinicId] ?? defaultTimeZone;
  const parts: DayCounters[] = [];
  const patientDays = new Set<string>();
  const firstVisit = new Map<string, KpiVisit>();
  for (const visit of records.visits ?? []) {
    const key = clinicDay(visit.clinicId, visit.visitedAt, zoneOf(visit.clinicId));
    parts.push({ ...key, counters: visitRecordCounters(visit) });
    const patientDay = `${visit.patientId}@${dayKeyOf(key)}`;
    if (!patientDays.has(patientDay)) {
      patientDays.add(patientDay);
      parts.push({ ...key, counters: { [n.uniquePatients]: 1 } });
    }
    const first = firstVisit.get(visit.patientId);
    if (!first || visitPrecedes(visit, first)) firstVisit.set(visit.patientId, visit);
  }
  for (const [patientId, visit] of firstVisit) {
    const channel = records.patientChannels?.[patientId] ?? 'other';
    parts.push({ ...clinicDay(visit.clinicId, visit.visitedAt, zoneOf(visit.clinicId)), counters: newPatientCounters(channel) });
  }
  for (const a of records.appointments ?? []) parts.push(appointmentContribution(a));
  for (const t of records.tasks ?? []) parts.push(taskContribution(t, zoneOf(t.clinicId)));
  for (const m of records.messages ?? []) parts.push(...messageContribution(m, zoneOf(m.clinicId)));
  for (const s of records.surveys ?? []) parts.push(...deltaForSurvey(s, zoneOf(s.clinicId)));
  return mergeDayCounters(parts);
};
