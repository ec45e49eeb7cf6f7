/**
 * The seam between segments and campaigns (issue 12): the members of a saved segment at `now`,
 * re-evaluated for a dynamic segment, the frozen list for a static one. Implemented by the
 * segments slice; the campaign runner calls only this. The deceased never appear; a frozen
 * member who has since left the facts (merged away, erased) is dropped.
 */
import { notFound } from '../../shared/domain/errors.js';
import type { AudienceMember } from '../../shared/domain/segments/facts.js';
import { readSegmentMembers, getSegment } from '../adapters/dynamo/segment-repository.js';
import { readSegmentFacts } from '../adapters/dynamo/segment-facts-repository.js';
import { countSegment } from './segment-count.js';
import { clinicsOfScope } from './segment-service.js';

const memberOf = (f: AudienceMember): AudienceMember => ({ patientId: f.patientId, clinicId: f.clinicId, householdKey: f.householdKey });

export const resolveSegmentAudience = async (tenantId: string, segmentId: string, now: Date): Promise<AudienceMember[]> => {
  const segment = await getSegment(tenantId, segmentId);
  if (!segment) throw notFound('segment');
  const clinics = await clinicsOfScope(tenantId, segment.scope);
  if (segment.kind === 'dynamic') return (await countSegment(tenantId, clinics, segment.conditions, now)).matched.map(memberOf);
  const frozen = new Set(await readSegmentMembers(tenantId, segmentId));
  const facts = await readSegmentFacts(tenantId, { clinicIds: clinics.map((c) => c.clinicId) });
  return facts.filter((f) => frozen.has(f.patientId) && !f.deceased).map(memberOf);
};
