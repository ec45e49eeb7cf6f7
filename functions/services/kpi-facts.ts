/**
 * From what is stored about a patient to the facts the KPI domain reads (PatientFacts), and the
 * recall dues of the patient's last two years for recall compliance. Pure.
 *
 * Recall dues: a RECALL# item holds only a group's current due date (each checkout overwrites
 * it), so the dues that already fell due are rebuilt from the visits the way checkout sets
 * them (recallsForVisit with the procedures' recall rules): a due counts once its day came
 * without an earlier visit of the same group having replaced it. The current RECALL# items are
 * added too (they cover schedules anchored before the visits read); duplicates are one recall.
 */
import { referrerKeyOf, type PatientFacts, type RecallDueRecord } from '../../shared/domain/kpi/patient-base.js';
import { recallsForVisit } from '../../shared/domain/recall.js';
import { localDay } from '../../shared/domain/time.js';
import type { ProcedureCategory, RecallRule } from '../../shared/schemas/catalog.js';
import type { RawPatient } from '../adapters/dynamo/patient-facts-reader.js';

export const factsOf = (raw: RawPatient): PatientFacts => {
  const { profile, summary } = raw;
  const visits = raw.visits.map((v) => ({ at: v.visitedAt, totalFen: v.totalFen, ...(v.clinicId && v.clinicId !== profile.clinicId ? { clinicId: v.clinicId } : {}) }));
  return {
    patientId: profile.patientId,
    clinicId: profile.clinicId,
    channel: profile.channel ?? 'other',
    ...(profile.referrer ? { referrerId: referrerKeyOf(profile.referrer) } : {}),
    ...(summary?.firstVisitAt ? { firstVisitAt: summary.firstVisitAt } : {}),
    ...(summary?.lastVisitAt ? { lastVisitAt: summary.lastVisitAt } : {}),
    visits,
    totalSpentFen: summary?.totalSpendFen ?? visits.reduce((s, v) => s + v.totalFen, 0),
    visitsCount: summary?.visitCount ?? visits.length,
    ...(summary?.lastCategories ? { lastCategories: summary.lastCategories as ProcedureCategory[] } : {}),
    ...(summary?.lastCarePathwayUntil ? { lastCarePathwayUntil: summary.lastCarePathwayUntil } : {}),
  };
};

export const recallDuesOf = (raw: RawPatient, rules: ReadonlyMap<string, RecallRule | null>, timeZone: string): RecallDueRecord[] => {
  const patientId = raw.profile.patientId;
  const dues: RecallDueRecord[] = [];
  const anchors = new Map<string, string>();
  const scheduled = new Map<string, string>();
  const visits = [...raw.visits].sort((a, b) => (a.visitedAt < b.visitedAt ? -1 : a.visitedAt > b.visitedAt ? 1 : 0));
  for (const visit of visits) {
    const day = localDay(new Date(visit.visitedAt), timeZone);
    for (const next of recallsForVisit(visit.procedureIds.map((id) => rules.get(id) ?? null), day, anchors)) {
      const previous = scheduled.get(next.group);
      // Replaced before it fell due: the patient came early, that recall never came up.
      if (previous !== undefined && previous <= day) dues.push({ group: next.group, dueDate: previous, patientId });
      scheduled.set(next.group, next.dueDate);
      anchors.set(next.group, next.anchorDate);
    }
  }
  for (const [group, dueDate] of scheduled) dues.push({ group, dueDate, patientId });
  for (const recall of raw.recalls) dues.push({ group: recall.group, dueDate: recall.dueDate, patientId });
  return dues;
};
