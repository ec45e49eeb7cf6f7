/**
 * Voiding a visit recorded by mistake (红冲): the visit stays, marked, and stops counting. The
 * patient's summary is corrected arithmetically (an imported summary may know of visits older
 * than those stored), and its first/last dates are taken from the remaining visits only when the
 * voided visit was the first or the last.
 */
import type { PatientSummary, Visit } from '../schemas/visit.js';

export type SummaryLike = PatientSummary & { version: number; lastCategories?: string[]; lastCarePathwayUntil?: string };

export const summaryWithout = <S extends SummaryLike>(current: S, voided: Visit, remaining: readonly Visit[]): S => {
  const live = remaining.filter((v) => !v.voidedAt && v.visitId !== voided.visitId);
  const byTime = [...live].sort((a, b) => a.visitedAt.localeCompare(b.visitedAt));
  const last = byTime.at(-1);
  const next: S = {
    ...current,
    version: current.version + 1,
    visitCount: Math.max(0, current.visitCount - 1),
    totalSpendFen: Math.max(0, current.totalSpendFen - voided.totalFen),
  };
  if (current.firstVisitAt === voided.visitedAt) {
    if (byTime[0]) next.firstVisitAt = byTime[0].visitedAt;
    else delete next.firstVisitAt;
  }
  if (current.lastVisitAt === voided.visitedAt) {
    if (last) {
      next.lastVisitAt = last.visitedAt;
      next.lastVisitClinicId = last.clinicId;
      next.lastCategories = [...new Set(last.lines.map((l) => l.category))];
    } else {
      delete next.lastVisitAt;
      delete next.lastVisitClinicId;
      delete next.lastCategories;
    }
  }
  return next;
};
