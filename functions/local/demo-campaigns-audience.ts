/**
 * A saved segment's members as they stood on a past day, for the demo's campaigns that ran weeks
 * ago (demo-campaigns.ts). The facts store holds today's facts; a patient who came back after
 * that day would not match "dormant" today although they did then, and dropping them would
 * leave only non-returners in the holdout (a lift the records cannot back). So each patient's
 * facts are wound back to the day from their own visit list (the paid visits of the last
 * 25 months, the nightly lane of the store) and the segment's conditions are evaluated there
 * with the same evaluator a count uses.
 */
import { overlayFacts } from '../../shared/domain/segments/facts-pack.js';
import type { ConditionGroup } from '../../shared/domain/segments/conditions.js';
import type { AudienceMember, SegmentFacts } from '../../shared/domain/segments/facts.js';
import { localDay } from '../../shared/domain/time.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { readClinicChunks, readFactsDeltas } from '../adapters/dynamo/segment-facts-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { contextFor, matchFacts } from '../services/segment-count.js';

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
  const { nextAppointmentDay: _next, ...rest } = facts;
  const visitCount = Math.max(0, facts.visitCount - later.length);
  const lastVisitDay = earlier.at(-1)?.day ?? (visitCount > 0 ? facts.firstVisitDay : undefined);
  return {
    ...rest,
    visitCount,
    totalSpendFen: Math.max(0, facts.totalSpendFen - later.reduce((s, v) => s + v.fen, 0)),
    recentVisitDays: facts.recentVisitDays.filter((d) => d < day),
    recentVisits: (facts.recentVisits ?? []).filter((v) => localDay(new Date(v.at), timeZone) < day),
    ...(lastVisitDay ? { lastVisitDay } : {}),
    ...(visitCount === 0 ? { firstVisitDay: undefined } : {}),
  };
};

/** Every patient's full facts (both lanes) with the deltas written since the last build laid over. */
const fullFacts = async (tenantId: string, clinicIds: readonly string[]): Promise<SegmentFacts[]> => {
  const [chunks, deltas] = await Promise.all([mapLimit([...clinicIds], { limit: 4 }, (c) => readClinicChunks(tenantId, c, { withKpi: true, consistent: true })), readFactsDeltas(tenantId, true)]);
  return overlayFacts(chunks.flat().flatMap((c) => c.patients), deltas, new Set(clinicIds));
};

/** The members a segment's conditions matched at `at`, over the given clinics, as the runner freezes them. */
export const audienceOnDay = async (tenantId: string, clinics: readonly Pick<Clinic, 'clinicId' | 'timeZone'>[], conditions: ConditionGroup, at: Date): Promise<AudienceMember[]> => {
  const zones = new Map(clinics.map((c) => [c.clinicId, c.timeZone]));
  const wound = (await fullFacts(tenantId, clinics.map((c) => c.clinicId))).flatMap((f) => {
    const zone = zones.get(f.clinicId) ?? 'Asia/Shanghai';
    const then = factsOnDay(f, localDay(at, zone), zone);
    return then ? [then] : [];
  });
  const { matched } = matchFacts(wound, conditions, contextFor(clinics, at, wound, conditions));
  return matched.map(({ patientId, clinicId, householdKey }) => ({ patientId, clinicId, householdKey }));
};
