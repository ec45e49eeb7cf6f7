/**
 * Segments for marketing, managers and owners (issue 12 item 1): save, change, preview with a
 * live count, freeze into a static list. Another chain's segment, or one beyond the caller's
 * clinics, is not found (invariant 1). Samples hold no medical field or note, and marketing
 * sees masked phones only (invariants 9, 12). Every segment role of the chain sees its saved
 * segments (a shared library); what a count, sample or export shows stays inside the caller's
 * clinics, and a campaign resolves a segment within the clinics of the one who saved it.
 */
import { isDeepStrictEqual } from 'node:util';
import { ulid } from 'ulid';
import { roleHasPermission, seesContactDetails, type Caller } from '../../shared/domain/access.js';
import { DomainError, invalid, notFound, staleVersion } from '../../shared/domain/errors.js';
import { tagsShownTo } from '../../shared/domain/patient-tags.js';
import { maskPhone } from '../../shared/domain/phone.js';
import { usesClinicalFacts, type ConditionGroup } from '../../shared/domain/segments/conditions.js';
import { audienceVersionOf, type Segment, type SegmentPreview, type SegmentSamplePatient } from '../../shared/schemas/segments.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { deleteSegment, getSegment, listSegmentExports, listSegments, putNewSegment, replaceSegment, writeSegmentMembers, type SegmentExportRecord } from '../adapters/dynamo/segment-repository.js';
import { countSegment } from './segment-count.js';
import { visibleClinics } from './kpi-scope.js';

const sampleSize = 10;

export const segmentFor = async (caller: Caller, segmentId: string): Promise<Segment> => {
  const segment = await getSegment(caller.tenantId, segmentId);
  if (!segment) throw notFound('segment');
  return segment;
};

/**
 * A segment reaches the clinics of the one who saved it: it is changed, frozen or deleted only by
 * the owner or by someone whose clinics cover that reach (a manager of one clinic does not
 * rewrite a list marketing keeps for two).
 */
const mayChange = (caller: Caller, segment: Segment): void => {
  if (caller.clinicScope === 'all') return;
  const mine = new Set(caller.clinicScope);
  if (segment.scope === 'all' || segment.scope.some((clinicId) => !mine.has(clinicId))) throw new DomainError('forbidden', 'this segment reaches clinics beyond yours: its maker or the owner changes it');
};

/** The clinics a segment counts over: its scope, as the chain has them now. */
export const clinicsOfScope = async (tenantId: string, scope: Segment['scope']): Promise<Clinic[]> =>
  (await listClinics(tenantId)).filter((c) => scope === 'all' || scope.includes(c.clinicId));

const sampleOf = async (caller: Caller, patientIds: readonly string[]): Promise<SegmentSamplePatient[]> => {
  const records = await Promise.all(patientIds.map((id) => getPatient(caller.tenantId, id)));
  return records.flatMap((p) => (p ? [{
    patientId: p.patientId, clinicId: p.clinicId, name: p.name, tags: tagsShownTo(caller.role, p.tags),
    phone: seesContactDetails(caller.role) ? p.phone : maskPhone(p.phone),
  }] : []));
};

/** Whether the caller may see who a segment names: not by treatment without medical access. */
export const namesHidden = (caller: Caller, conditions: ConditionGroup): boolean => !roleHasPermission(caller.role, 'medical:read') && usesClinicalFacts(conditions);

export const previewSegment = async (caller: Caller, input: { conditions: ConditionGroup; clinicId?: string }, now: Date): Promise<SegmentPreview> => {
  const clinics = await visibleClinics(caller, input.clinicId);
  const { matched, perClinic } = await countSegment(caller.tenantId, clinics, input.conditions, now);
  if (namesHidden(caller, input.conditions)) return { count: matched.length, perClinic, sample: [], sampleWithheld: 'clinical' };
  return { count: matched.length, perClinic, sample: await sampleOf(caller, matched.slice(0, sampleSize).map((f) => f.patientId)) };
};

export const createSegment = async (caller: Caller, input: { name: string; conditions: ConditionGroup }, now: Date): Promise<Segment> => {
  const at = now.toISOString();
  const scope = caller.clinicScope === 'all' ? 'all' : [...caller.clinicScope];
  const segment: Segment = { segmentId: ulid(), name: input.name, conditions: input.conditions, kind: 'dynamic', scope, createdBy: caller.userId, createdAt: at, updatedAt: at, version: 1, audienceVersion: 1 };
  await putNewSegment(caller.tenantId, segment);
  return segment;
};

export const listSegmentsFor = async (caller: Caller): Promise<Segment[]> =>
  (await listSegments(caller.tenantId)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

export const updateSegment = async (caller: Caller, segmentId: string, input: { name?: string; conditions?: ConditionGroup; version: number }, now: Date): Promise<Segment> => {
  const current = await segmentFor(caller, segmentId);
  mayChange(caller, current);
  if (current.version !== input.version) throw staleVersion('This segment');
  const sameName = input.name === undefined || input.name === current.name;
  const sameConditions = input.conditions === undefined || isDeepStrictEqual(input.conditions, current.conditions);
  // A frozen list's members were chosen by the conditions it was frozen with: they stay its
  // record (a list chosen by treatment must still read as one, treatment-aim.ts).
  if (current.kind === 'static' && !sameConditions) {
    throw invalid('conditions', 'belong to a frozen list: its members were chosen by them; save a new segment to choose by other conditions', { code: 'segment.frozen' });
  }
  // A change that changes nothing would still move the version and send approved campaigns back.
  if (sameName && sameConditions) throw invalid('body', 'changes nothing: send a new name or new conditions', { code: 'body.no_changes' });
  const version = current.version + 1;
  const audienceVersion = sameConditions ? audienceVersionOf(current) : version;
  const next: Segment = { ...current, ...(input.name ? { name: input.name } : {}), ...(input.conditions ? { conditions: input.conditions } : {}), updatedAt: now.toISOString(), version, audienceVersion };
  await replaceSegment(caller.tenantId, next, current.version);
  return next;
};

/** One segment, with its export trail for the roles that may export (who, when, how many rows). */
export const segmentView = async (caller: Caller, segmentId: string): Promise<Segment & { exports?: SegmentExportRecord[] }> => {
  const segment = await segmentFor(caller, segmentId);
  if (!seesContactDetails(caller.role)) return segment;
  return { ...segment, exports: await listSegmentExports(caller.tenantId, segmentId) };
};

/**
 * Soft delete (see deleteSegment): gone from the list; a campaign naming it cannot launch, and one
 * approved but not started is cancelled by the runner. A run already going keeps the audience it froze.
 */
export const removeSegment = async (caller: Caller, segmentId: string, now: Date): Promise<void> => {
  const current = await segmentFor(caller, segmentId);
  mayChange(caller, current);
  await deleteSegment(caller.tenantId, segmentId, { at: now.toISOString(), by: caller.userId, versionRead: current.version });
};

/** Freezes the members matching now into a static list; a frozen segment no longer changes with the facts. */
export const freezeSegment = async (caller: Caller, segmentId: string, now: Date): Promise<Segment> => {
  const current = await segmentFor(caller, segmentId);
  mayChange(caller, current);
  // Once: a second freeze would rewrite the list campaigns already use.
  if (current.kind === 'static') throw new DomainError('conflict', 'this segment is already a frozen list');
  const { matched } = await countSegment(caller.tenantId, await clinicsOfScope(caller.tenantId, current.scope), current.conditions, now);
  await writeSegmentMembers(caller.tenantId, segmentId, matched.map((f) => f.patientId));
  const next: Segment = { ...current, kind: 'static', frozenAt: now.toISOString(), frozenCount: matched.length, updatedAt: now.toISOString(), version: current.version + 1, audienceVersion: current.version + 1 };
  await replaceSegment(caller.tenantId, next, current.version);
  return next;
};
