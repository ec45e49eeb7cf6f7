/**
 * Counting a segment: read the packed facts of the clinics in scope (segment-facts-repository),
 * score RFM chain-wide only when a condition needs it, and run the evaluator over each patient.
 * No profile is read to count; a sample reads at most ten profiles.
 */
import { localDay } from '../../shared/domain/time.js';
import type { ConditionGroup } from '../../shared/domain/segments/conditions.js';
import { matchesSegment, needsRfm, type SegmentContext } from '../../shared/domain/segments/evaluate.js';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import { rfmMarks } from '../../shared/domain/segments/rfm.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { readSegmentFacts } from '../adapters/dynamo/segment-facts-repository.js';

export type SegmentMatches = { matched: SegmentFacts[]; perClinic: { clinicId: string; count: number }[] };

/** Each clinic's today in its own zone, computed once per count, not once per patient. */
export const contextFor = (clinics: readonly Pick<Clinic, 'clinicId' | 'timeZone'>[], now: Date, facts: readonly SegmentFacts[], group: ConditionGroup): SegmentContext => {
  const todays = new Map(clinics.map((c) => [c.clinicId, localDay(now, c.timeZone)]));
  const fallback = localDay(now, 'Asia/Shanghai');
  const todayOf = (clinicId: string): string => todays.get(clinicId) ?? fallback;
  return { todayOf, now, ...(needsRfm(group) ? { rfm: rfmMarks(facts, todayOf) } : {}) };
};

/** Matches among the given facts; the deceased are never part of a segment. */
export const matchFacts = (facts: readonly SegmentFacts[], group: ConditionGroup, context: SegmentContext): SegmentMatches => {
  const matched: SegmentFacts[] = [];
  const perClinic = new Map<string, number>();
  for (const f of facts) {
    if (f.deceased || !matchesSegment(group, f, context)) continue;
    matched.push(f);
    perClinic.set(f.clinicId, (perClinic.get(f.clinicId) ?? 0) + 1);
  }
  return { matched, perClinic: [...perClinic].map(([clinicId, count]) => ({ clinicId, count })).sort((a, b) => b.count - a.count) };
};

export const countSegment = async (tenantId: string, clinics: readonly Pick<Clinic, 'clinicId' | 'timeZone'>[], group: ConditionGroup, now: Date): Promise<SegmentMatches> => {
  const facts = await readSegmentFacts(tenantId, { clinicIds: clinics.map((c) => c.clinicId) });
  return matchFacts(facts, group, contextFor(clinics, now, facts, group));
};
