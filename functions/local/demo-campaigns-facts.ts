/**
 * A patient's segment facts wound back to a past day (the demo's campaigns that ran weeks ago,
 * demo-campaigns-audience.ts). Pure.
 */
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import { localDay } from '../../shared/domain/time.js';

/**
 * One patient's facts on `day` (the clinic's local day), from today's facts: visits on or after
 * the day are taken off the counts, the spend and the last visit. A patient whose visits before
 * the day are all older than the 25 months kept has the first visit as the last one known: both
 * lie beyond any "days since" range a segment of recent behaviour asks. Appointments booked
 * then are not known, so none counts as upcoming.
 */
export const factsOnDay = (facts: SegmentFacts, day: string, timeZone: string): SegmentFacts | undefined => {
  if (facts.firstVisitDay !== undefined && facts.firstVisitDay >= day) return undefined;
  const visits = (facts.recentVisits ?? []).map((v) => ({ ...v, day: localDay(new Date(v.at), timeZone) }));
  const later = visits.filter((v) => v.day >= day);
  const earlier = visits.filter((v) => v.day < day);
  const { nextAppointmentDay: _next, firstVisitDay, lastVisitDay: _last, ...rest } = facts;
  const visitCount = Math.max(0, facts.visitCount - later.length);
  const lastVisitDay = earlier.at(-1)?.day ?? (visitCount > 0 ? firstVisitDay : undefined);
  return {
    ...rest,
    visitCount,
    totalSpendFen: Math.max(0, facts.totalSpendFen - later.reduce((s, v) => s + v.fen, 0)),
    recentVisitDays: facts.recentVisitDays.filter((d) => d < day),
    recentVisits: (facts.recentVisits ?? []).filter((v) => localDay(new Date(v.at), timeZone) < day),
    ...(visitCount > 0 && firstVisitDay ? { firstVisitDay } : {}),
    ...(lastVisitDay ? { lastVisitDay } : {}),
  };
};
