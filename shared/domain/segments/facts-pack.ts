/**
 * How SegmentFacts are packed for storage, overlaid with the day's deltas and folded into
 * chunks (the storage design is documented in functions/adapters/dynamo/segment-facts-repository.ts).
 * Pure: no AWS, no I/O, no compression (the adapter compresses the JSON of a packed chunk).
 *
 * A packed patient is a positional tuple: no field names, absent values as 0, five booleans in
 * one bitmask, and the clinic left out (the chunk is per clinic). That keeps a patient at
 * roughly 150–250 bytes of JSON before compression, most of it ids that do not compress.
 */
import type { SegmentFacts } from './facts.js';

export type PackedFacts = readonly unknown[];

/** A day's change to one patient: the whole new facts, or `undefined` when the patient is gone (merged away). */
export type FactsDelta = { patientId: string; facts?: SegmentFacts };

/** The tuple's first fields are what segments read; the rest (visit instants, recall dues) only the nightly base. */
export const segmentFieldCount = 21;

const flagNames = ['marketingConsent', 'careConsent', 'openComplaint', 'optedOut', 'deceased'] as const;

const opt = <T>(value: T | undefined): T | 0 => (value === undefined ? 0 : value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const strs = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
/** Spreads `{ [key]: value }` only when the value is there (exactOptionalPropertyTypes). */
const maybe = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));

export const packFacts = (f: SegmentFacts): PackedFacts => [
  f.patientId,
  f.householdKey,
  f.gender,
  opt(f.birthDate),
  f.channel,
  opt(f.referrerKey),
  f.tags,
  opt(f.firstVisitDay),
  opt(f.lastVisitDay),
  f.visitCount,
  f.totalSpendFen,
  f.recentVisitDays,
  f.categories,
  f.procedureIds,
  opt(f.lastCategories),
  opt(f.lastCarePathwayUntil),
  opt(f.nextRecallDue),
  opt(f.nextAppointmentDay),
  f.membership ? [f.membership.status, f.membership.planId, f.membership.endDay] : 0,
  f.storedValueFen,
  flagNames.reduce((bits, name, i) => (f[name] ? bits | (1 << i) : bits), 0),
  (f.recentVisits ?? []).map((v) => (v.clinicId ? [v.at, v.fen, v.clinicId] : [v.at, v.fen])),
  (f.recallDues ?? []).map((d) => [d.group, d.dueDate]),
];

const membershipOf = (value: unknown): SegmentFacts['membership'] => {
  if (!Array.isArray(value)) return undefined;
  const [status, planId, endDay] = value.map(String);
  return status === 'active' || status === 'lapsed' || status === 'cancelled' ? { status, planId: planId ?? '', endDay: endDay ?? '' } : undefined;
};

export const unpackFacts = (p: PackedFacts, clinicId: string): SegmentFacts => {
  const bits = num(p[20]);
  const flag = (name: (typeof flagNames)[number]): boolean => (bits & (1 << flagNames.indexOf(name))) !== 0;
  const visits = Array.isArray(p[21]) ? (p[21] as unknown[][]) : [];
  const dues = Array.isArray(p[22]) ? (p[22] as unknown[][]) : [];
  return {
    patientId: String(p[0]),
    clinicId,
    householdKey: String(p[1]),
    gender: String(p[2]) as SegmentFacts['gender'],
    ...maybe('birthDate', str(p[3])),
    channel: String(p[4]) as SegmentFacts['channel'],
    ...maybe('referrerKey', str(p[5])),
    tags: strs(p[6]),
    ...maybe('firstVisitDay', str(p[7])),
    ...maybe('lastVisitDay', str(p[8])),
    visitCount: num(p[9]),
    totalSpendFen: num(p[10]),
    recentVisitDays: strs(p[11]),
    categories: strs(p[12]) as SegmentFacts['categories'],
    procedureIds: strs(p[13]),
    ...maybe('lastCategories', Array.isArray(p[14]) ? (strs(p[14]) as SegmentFacts['categories']) : undefined),
    ...maybe('lastCarePathwayUntil', str(p[15])),
    ...maybe('nextRecallDue', str(p[16])),
    ...maybe('nextAppointmentDay', str(p[17])),
    ...maybe('membership', membershipOf(p[18])),
    storedValueFen: num(p[19]),
    marketingConsent: flag('marketingConsent'),
    careConsent: flag('careConsent'),
    openComplaint: flag('openComplaint'),
    optedOut: flag('optedOut'),
    deceased: flag('deceased'),
    // The nightly base's lane: absent when only the segment lane was read.
    ...(p.length > segmentFieldCount
      ? {
          recentVisits: visits.map((v) => ({ at: String(v[0]), fen: num(v[1]), ...maybe('clinicId', str(v[2])) })),
          recallDues: dues.map((d) => ({ group: String(d[0]), dueDate: String(d[1]) })),
        }
      : {}),
  };
};

/** A chunk's two lanes, column by column (like values side by side compress ~10% better than rows). */
export type PackedColumns = { segment: unknown[][]; kpi: unknown[][] };

export const packColumns = (patients: readonly SegmentFacts[]): PackedColumns => {
  const rows = patients.map(packFacts);
  const columns = (from: number, to: number): unknown[][] => Array.from({ length: to - from }, (_, k) => rows.map((r) => r[from + k]));
  return { segment: columns(0, segmentFieldCount), kpi: columns(segmentFieldCount, rows[0]?.length ?? segmentFieldCount + 2) };
};

/** Back to facts; without the `kpi` lane the nightly-only fields are left out. */
export const unpackColumns = (segment: readonly unknown[][], kpi: readonly unknown[][] | undefined, clinicId: string): SegmentFacts[] => {
  const count = segment[0]?.length ?? 0;
  return Array.from({ length: count }, (_, i) => unpackFacts([...segment.map((c) => c[i]), ...(kpi ?? []).map((c) => c[i])], clinicId));
};

/**
 * The facts as of now: the chunks' patients with each delta replacing (or removing) its
 * patient. A delta may move a patient to another clinic; `clinicIds` keeps only those clinics.
 */
export const overlayFacts = (base: readonly SegmentFacts[], deltas: readonly FactsDelta[], clinicIds?: ReadonlySet<string>): SegmentFacts[] => {
  const changed = new Map(deltas.map((d) => [d.patientId, d]));
  const out = base.filter((f) => !changed.has(f.patientId));
  for (const d of changed.values()) if (d.facts && (!clinicIds || clinicIds.has(d.facts.clinicId))) out.push(d.facts);
  return out;
};

export type FactsChunk = { index: number; patients: SegmentFacts[] };

/**
 * Folds deltas into one clinic's chunks and answers only the chunks that changed (what the
 * compaction rewrites). A patient stays in its chunk; a patient new to the clinic goes to the
 * last chunk with room, else to a new one; a patient who left or is gone is dropped from it.
 */
export const foldChunks = (clinicId: string, chunks: readonly FactsChunk[], deltas: readonly FactsDelta[], options: { capacity: number }): FactsChunk[] => {
  const byPatient = new Map(deltas.map((d) => [d.patientId, d]));
  const placed = new Set<string>();
  const changed = new Set<number>();
  const next = chunks.map((c) => ({
    index: c.index,
    patients: c.patients.flatMap((f) => {
      const d = byPatient.get(f.patientId);
      if (!d) return [f];
      changed.add(c.index);
      if (!d.facts || d.facts.clinicId !== clinicId) return [];
      placed.add(f.patientId);
      return [d.facts];
    }),
  }));
  for (const d of byPatient.values()) {
    if (!d.facts || d.facts.clinicId !== clinicId || placed.has(d.patientId)) continue;
    let last = next[next.length - 1];
    if (!last || last.patients.length >= options.capacity) {
      last = { index: (last?.index ?? -1) + 1, patients: [] };
      next.push(last);
    }
    last.patients.push(d.facts);
    changed.add(last.index);
  }
  return next.filter((c) => changed.has(c.index));
};
