import { describe, expect, it } from 'vitest';
import { foldChunks, overlayFacts, packColumns, packFacts, unpackColumns, unpackFacts, type FactsChunk } from '../../shared/domain/segments/facts-pack.js';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import { syntheticFacts } from '../support/synthetic-facts.js';

const today = '2026-12-04';
const sample = (n: number, clinicIds = ['C1']): SegmentFacts[] => syntheticFacts(n, { clinicIds, today, seed: 99 });
const ids = (facts: readonly SegmentFacts[]) => facts.map((f) => f.patientId).sort();

describe('packing segment facts', () => {
  it('round-trips every field of every patient, absent fields staying absent', () => {
    for (const f of sample(300)) expect(unpackFacts(packFacts(f), f.clinicId)).toEqual(f);
  });

  it('packs columns in two lanes; the segment lane alone leaves out only the nightly fields', () => {
    const facts = sample(50);
    const { segment, kpi } = packColumns(facts);
    expect(unpackColumns(segment, kpi, 'C1')).toEqual(facts);
    const segmentOnly = unpackColumns(segment, undefined, 'C1');
    expect(segmentOnly.map(({ patientId, visitCount, marketingConsent, membership }) => ({ patientId, visitCount, marketingConsent, membership }))).toEqual(
      facts.map(({ patientId, visitCount, marketingConsent, membership }) => ({ patientId, visitCount, marketingConsent, membership })),
    );
    expect(segmentOnly.every((f) => f.recentVisits === undefined && f.recallDues === undefined)).toBe(true);
  });
});

describe('overlaying deltas', () => {
  it('a delta replaces its patient, removes a gone one, adds a new one and follows a move between clinics', () => {
    const [a, b, c] = sample(3);
    if (!a || !b || !c) throw new Error('sample');
    const moved = { ...b, clinicId: 'C2' };
    const fresh = { ...c, patientId: 'NEW', clinicId: 'C1' };
    const changedA = { ...a, visitCount: a.visitCount + 1 };
    const out = overlayFacts([a, b, c], [{ patientId: a.patientId, facts: changedA }, { patientId: b.patientId, facts: moved }, { patientId: c.patientId }, { patientId: 'NEW', facts: fresh }], new Set(['C1']));
    expect(out).toEqual([changedA, fresh]);
    expect(overlayFacts([a], [{ patientId: b.patientId, facts: moved }])).toEqual([a, moved]);
  });
});

describe('folding deltas into chunks', () => {
  const chunksOf = (facts: SegmentFacts[], capacity: number): FactsChunk[] =>
    Array.from({ length: Math.ceil(facts.length / capacity) }, (_, i) => ({ index: i, patients: facts.slice(i * capacity, (i + 1) * capacity) }));

  it('rewrites only the chunks that changed, keeps patients in place and appends new ones to the last chunk with room', () => {
    const facts = sample(25);
    const chunks = chunksOf(facts, 10);
    const target = facts[12] as SegmentFacts;
    const changed = foldChunks('C1', chunks, [{ patientId: target.patientId, facts: { ...target, tags: ['changed'] } }, { patientId: 'NEW', facts: { ...target, patientId: 'NEW' } }], { capacity: 10 });
    expect(changed.map((c) => c.index)).toEqual([1, 2]);
    expect(changed[0]?.patients[2]?.tags).toEqual(['changed']);
    expect(changed[1]?.patients.map((p) => p.patientId).at(-1)).toBe('NEW');
    expect(changed[1]?.patients).toHaveLength(6);
  });

  it('opens a new chunk when the last is full, and drops patients who left or are gone', () => {
    const facts = sample(20);
    const chunks = chunksOf(facts, 10);
    const [gone, leaving] = [facts[0] as SegmentFacts, facts[15] as SegmentFacts];
    const changed = foldChunks('C1', chunks, [{ patientId: gone.patientId }, { patientId: leaving.patientId, facts: { ...leaving, clinicId: 'C2' } }, { patientId: 'NEW', facts: { ...gone, patientId: 'NEW' } }], { capacity: 10 });
    // The one who left made room in the last chunk for the new one.
    expect(changed.map((c) => [c.index, c.patients.length])).toEqual([[0, 9], [1, 10]]);
    expect(foldChunks('C1', chunks, [{ patientId: 'NEW', facts: { ...gone, patientId: 'NEW' } }], { capacity: 10 }).map((c) => [c.index, c.patients.length])).toEqual([[2, 1]]);
    const all = [...chunks.filter((c) => !changed.some((x) => x.index === c.index)), ...changed].flatMap((c) => c.patients);
    expect(ids(all)).toEqual(ids([...facts.filter((f) => f !== gone && f !== leaving), { ...gone, patientId: 'NEW' }]));
  });

  it('folding the same deltas twice changes nothing more (a rerun is harmless)', () => {
    const facts = sample(15);
    const delta = { patientId: (facts[3] as SegmentFacts).patientId, facts: { ...(facts[3] as SegmentFacts), visitCount: 99 } };
    const once = foldChunks('C1', chunksOf(facts, 10), [delta], { capacity: 10 });
    const merged = chunksOf(facts, 10).map((c) => once.find((o) => o.index === c.index) ?? c);
    const twice = foldChunks('C1', merged, [delta], { capacity: 10 });
    expect(twice).toEqual(once);
  });
});
