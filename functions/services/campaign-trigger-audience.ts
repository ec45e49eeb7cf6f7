/**
 * Is this one patient in a triggered campaign's segment right now? The segment's conditions are
 * evaluated on the patient's facts computed fresh from their records (the event may arrive
 * before the facts store folds the change that caused it, e.g. the checkout itself), in the
 * segment's clinic scope; a static segment asks its frozen list. RFM conditions are relative to
 * the chain, so only they read the chain's facts (once per event, and only when used).
 */
import type { AudienceMember, SegmentFacts } from '../../shared/domain/segments/facts.js';
import { matchesSegment, needsRfm } from '../../shared/domain/segments/evaluate.js';
import { defaultTimeZone } from '../../shared/domain/time.js';
import type { Segment } from '../../shared/schemas/segments.js';
import { readPatientRecords } from '../adapters/dynamo/segment-facts-source.js';
import { readSegmentFacts } from '../adapters/dynamo/segment-facts-repository.js';
import { getSegment, readSegmentMembers } from '../adapters/dynamo/segment-repository.js';
import { chainFactsContext } from './segment-facts-service.js';
import { segmentFactsOf } from './segment-facts-of.js';
import { contextFor } from './segment-count.js';
import { clinicsOfScope } from './segment-service.js';

/** One patient's facts as of `now`, from their records; undefined when there is no such (live) patient. */
export const freshFactsOf = async (tenantId: string, patientId: string, now: Date): Promise<SegmentFacts | undefined> => {
  const raw = await readPatientRecords(tenantId, patientId);
  if (!raw || raw.profile.mergedInto !== undefined) return undefined;
  const ctx = await chainFactsContext(tenantId);
  return segmentFactsOf(tenantId, raw, { ...ctx, timeZone: ctx.zones.get(raw.profile.clinicId) ?? defaultTimeZone, now });
};

/** The patient as an audience member when the segment holds them, with the segment as read (the caller checks its aim on it). */
export const patientInSegment = async (tenantId: string, segmentId: string, patientId: string, now: Date): Promise<{ member?: AudienceMember; segment?: Segment }> => {
  const [segment, facts] = await Promise.all([getSegment(tenantId, segmentId), freshFactsOf(tenantId, patientId, now)]);
  if (!segment) return {};
  return { segment, ...(facts && !facts.deceased ? await memberOf(tenantId, segment, facts, now) : {}) };
};

const memberOf = async (tenantId: string, segment: Segment, facts: SegmentFacts, now: Date): Promise<{ member?: AudienceMember }> => {
  const clinics = await clinicsOfScope(tenantId, segment.scope);
  if (!clinics.some((c) => c.clinicId === facts.clinicId)) return {};
  const member = { patientId: facts.patientId, clinicId: facts.clinicId, householdKey: facts.householdKey };
  if (segment.kind !== 'dynamic') return (await readSegmentMembers(tenantId, segment.segmentId)).includes(facts.patientId) ? { member } : {};
  const chain = needsRfm(segment.conditions)
    ? [...(await readSegmentFacts(tenantId, { clinicIds: clinics.map((c) => c.clinicId) })).filter((f) => f.patientId !== facts.patientId), facts]
    : [facts];
  return matchesSegment(segment.conditions, facts, contextFor(clinics, now, chain, segment.conditions)) ? { member } : {};
};
