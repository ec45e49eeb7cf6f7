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
import { factsOnDay } from './demo-campaigns-facts.js';
import { localDay } from '../../shared/domain/time.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { readClinicChunks, readFactsDeltas } from '../adapters/dynamo/segment-facts-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { contextFor, matchFacts } from '../services/segment-count.js';

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
