/**
 * The nightly patient base reads the segment facts store (issue 12 item 5): from SegmentFacts
 * to the KPI domain's PatientFacts and recall dues, the same meaning as kpi-facts.ts gives
 * them from the records. Pure.
 */
import { TZDate } from '@date-fns/tz';
import type { PatientFacts, RecallDueRecord } from '../../shared/domain/kpi/patient-base.js';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import { localDay } from '../../shared/domain/time.js';

/** The exact instant when a listed visit fell on that day, else the day's local noon. */
const instantOf = (day: string, f: SegmentFacts, zone: string): string => {
  const exact = (f.recentVisits ?? []).find((v) => localDay(new Date(v.at), zone) === day);
  if (exact) return exact.at;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(new TZDate(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12, 0, 0, zone).getTime()).toISOString();
};

export const kpiFactsOf = (f: SegmentFacts, options: { zone: string; isMember: boolean }): PatientFacts => ({
  patientId: f.patientId,
  clinicId: f.clinicId,
  channel: f.channel,
  ...(f.referrerKey ? { referrerId: f.referrerKey } : {}),
  ...(f.firstVisitDay ? { firstVisitAt: instantOf(f.firstVisitDay, f, options.zone) } : {}),
  ...(f.lastVisitDay ? { lastVisitAt: instantOf(f.lastVisitDay, f, options.zone) } : {}),
  visits: (f.recentVisits ?? []).map((v) => ({ at: v.at, totalFen: v.fen, ...(v.clinicId ? { clinicId: v.clinicId } : {}) })),
  totalSpentFen: f.totalSpendFen,
  visitsCount: f.visitCount,
  isMember: options.isMember,
  ...(f.lastCategories ? { lastCategories: f.lastCategories } : {}),
  ...(f.lastCarePathwayUntil ? { lastCarePathwayUntil: f.lastCarePathwayUntil } : {}),
});

export const recallDuesFromFacts = (f: SegmentFacts): RecallDueRecord[] => (f.recallDues ?? []).map((d) => ({ group: d.group, dueDate: d.dueDate, patientId: f.patientId }));
