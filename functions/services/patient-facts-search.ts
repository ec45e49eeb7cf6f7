/**
 * Marketing's patient search by tag or segment (issue 12 item 8): answered from the packed
 * segment facts of the caller's clinics, then the first `limit` profiles. It never takes a phone,
 * so it cannot unmask one; names and tags come back as the patients list presents them.
 */
import { invalid } from '../../shared/domain/errors.js';
import type { Caller } from '../../shared/domain/access.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { isClinicalTag, seesClinicalTags } from '../../shared/domain/patient-tags.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { readSegmentFacts } from '../adapters/dynamo/segment-facts-repository.js';
import { readSegmentMembers } from '../adapters/dynamo/segment-repository.js';
import { visibleClinics } from './kpi-scope.js';
import { countSegment } from './segment-count.js';
import { namesHidden, segmentFor } from './segment-service.js';

export type FactsSearch = { clinicId?: string; tag?: string; segmentId?: string; q?: string; cursor?: string; limit: number };

const membersIn = async (tenantId: string, segmentId: string, clinicIds: ReadonlySet<string>): Promise<string[]> => {
  const [members, facts] = await Promise.all([readSegmentMembers(tenantId, segmentId), readSegmentFacts(tenantId, { clinicIds: [...clinicIds] })]);
  const live = new Set(facts.filter((f) => !f.deceased).map((f) => f.patientId));
  return members.filter((id) => live.has(id));
};

const idsFor = async (caller: Caller, search: FactsSearch, now: Date): Promise<string[]> => {
  const clinics = await visibleClinics(caller, search.clinicId);
  if (search.segmentId !== undefined) {
    const segment = await segmentFor(caller, search.segmentId);
    if (namesHidden(caller, segment.conditions)) throw invalid('segmentId', 'selects patients by treatment: it can be counted and sent to, but its patients are listed only to those who read medical records', { code: 'segment.clinical' });
    const inScope = clinics.filter((c) => segment.scope === 'all' || segment.scope.includes(c.clinicId));
    // A frozen list is its members (as a campaign on it sends), within the caller's clinics.
    if (segment.kind === 'static') return membersIn(caller.tenantId, segment.segmentId, new Set(inScope.map((c) => c.clinicId)));
    return (await countSegment(caller.tenantId, inScope, segment.conditions, now)).matched.map((f) => f.patientId);
  }
  if (search.tag !== undefined && isClinicalTag(search.tag) && !seesClinicalTags(caller.role)) {
    throw invalid('tag', 'names a treatment: patients are listed by it only to those who read medical records or keep patient records', { code: 'tag.clinical' });
  }
  const facts = await readSegmentFacts(caller.tenantId, { clinicIds: clinics.map((c) => c.clinicId) });
  return facts.filter((f) => !f.deceased && search.tag !== undefined && f.tags.includes(search.tag)).map((f) => f.patientId);
};

export const findPatientsByFacts = async (caller: Caller, search: FactsSearch, now: Date): Promise<{ items: PatientRecord[]; truncated?: boolean }> => {
  if (search.q !== undefined || search.cursor !== undefined) throw invalid(search.q !== undefined ? 'q' : 'cursor', 'search by a name, a tag or a segment, one at a time', { code: 'invalid' });
  const ids = await idsFor(caller, search, now);
  const records = await Promise.all(ids.slice(0, search.limit).map((id) => getPatient(caller.tenantId, id)));
  const items = records.filter((p): p is PatientRecord => p !== undefined && p.mergedInto === undefined).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return { items, ...(ids.length > search.limit ? { truncated: true } : {}) };
};
