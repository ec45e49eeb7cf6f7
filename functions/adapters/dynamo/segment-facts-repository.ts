/**
 * DESIGN — the per-patient facts store (issue 12 items 1 and 5; contract: SegmentFacts in
 * shared/domain/segments/facts.ts). Segments, campaigns and the nightly patient base read
 * every patient of a clinic or a chain at once, so the facts are stored for whole-clinic reads,
 * LSM-like, in two layers:
 *
 * 1. **Chunks** (`T#<tenant>#FACTS#<clinic>`): up to `chunkCapacity` patients of one clinic,
 *    packed as positional tuples (facts-pack.ts: no field names, flags in a bitmask, the clinic
 *    implied), laid out column by column and Brotli-compressed, in two lanes: `CHUNK#0000` holds
 *    what segments read, `KPI#0000` the visit instants and recall dues only the nightly base
 *    reads. Measured with realistic ids (tests/bench/segment-facts.ts): ~51 bytes a patient in
 *    the segment lane (the random patient id and household key are most of it) and ~13 in the
 *    other. 100,000 patients are ~5 MB: ~620 read units with the eventually consistent Query a
 *    count uses (½ unit per 4 KB), ~730 with a busy day's deltas (`segment_facts_read_rcu_100k`),
 *    against ≥ 12,500 for a 1 KB item per patient and ~100,000 for one GetItem per profile.
 * 2. **Deltas** (`T#<tenant>#FACTSDELTA` / `P#<patient>`): one small item per patient changed
 *    since the last compaction, holding the patient's whole new facts (packed and compressed,
 *    ~200–300 bytes: 1 write unit, outside the change's transaction), or `gone` for a patient
 *    merged away. A record that changes facts
 *    (checkout, void, appointment, consent, opt-out, complaint, membership, stored value,
 *    profile, import, merge) calls `refreshPatientFacts` after it commits: it reads the
 *    patient's records (partition queries, no profile scan) and puts the delta. Whole facts
 *    rather than field patches make a delta idempotent and order-free: a retried or
 *    duplicated refresh writes the same item, and a reader needs no merge rules. The price:
 *    the delta is written after the change's transaction, not inside it (whole facts need the
 *    committed state), so a crash between the two leaves that patient's facts stale until
 *    their next change or a rebuild. A checkout costs one more write unit for it.
 *    Facts that age by the calendar alone (an appointment day now past, a card past its
 *    `endDay`) are compared with today by their readers, not rewritten nightly.
 *
 * A reader (`readSegmentFacts`) reads the chunks of the clinics asked for plus the chain's
 * deltas (one partition; a busy day of 2% of 100,000 patients is ~2,000 items, ~100 units) and
 * lets each delta replace its patient (`overlayFacts`). The nightly job compacts per chain
 * (`compactSegmentFacts`): deltas are folded into the chunks (`foldChunks`), only the chunks
 * that changed are rewritten, then each folded delta is marked folded (readers skip it) and left
 * to TTL, on condition that it is still the revision folded (a refresh racing the compaction
 * keeps its delta; folding it again tomorrow is harmless, since it holds whole facts). The job
 * only puts and updates (no DeleteItem, no BatchWriteItem: shared/schedules.ts 'no-delete').
 * `rebuildSegmentFacts` builds every chunk from the records (demo seed, imports, chains stored before this store): the nightly job
 * runs it for a chain that has no facts yet.
 *
 * Why not a GSI over per-patient items: a count would read 100,000 items of ≥ 1 KB each
 * (≥ 12,500 units); and why not one item per clinic: 400 KB holds ~5,000 patients.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient, tableName } from './client.js';
import { batchPut } from './batch-write.js';
import { segmentFactsChunkEntity, segmentFactsDeltaEntity, segmentFactsKpiEntity } from './entities/segment-facts.js';
import { listClinics } from './org-repository.js';
import { mapLimit } from '../../lib/concurrency.js';
import { foldChunks, overlayFacts, packColumns, packFacts, unpackColumns, unpackFacts, type FactsChunk, type FactsDelta, type PackedFacts } from '../../../shared/domain/segments/facts-pack.js';
import type { SegmentFacts } from '../../../shared/domain/segments/facts.js';

/** Patients per chunk: ~80 KB compressed in the segment lane, far under the 400 KB item limit. */
export const chunkCapacity = 1500;

type Item = Record<string, unknown>;
type StoredDelta = FactsDelta & { rev: string };

const chunkLabel = (index: number): string => String(index).padStart(4, '0');

const compress = (value: unknown, quality: number): Uint8Array =>
  brotliCompressSync(Buffer.from(JSON.stringify(value)), { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_LGWIN]: 22 } });
const expand = <T>(data: Uint8Array): T => JSON.parse(brotliDecompressSync(data).toString('utf8')) as T;

/** A chunk's two lanes, compressed: what segments read (`segment`) and what only the nightly base reads (`kpi`). */
export const encodeChunk = (patients: readonly SegmentFacts[]): { segment: Uint8Array; kpi: Uint8Array } => {
  const columns = packColumns(patients);
  return { segment: compress(columns.segment, 10), kpi: compress(columns.kpi, 10) };
};

export const decodeChunk = (segment: Uint8Array, kpi: Uint8Array | undefined, clinicId: string): SegmentFacts[] =>
  unpackColumns(expand<unknown[][]>(segment), kpi ? expand<unknown[][]>(kpi) : undefined, clinicId);

const queryAll = async (input: { pk: string; prefix: string; consistent: boolean }): Promise<Item[]> => {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': input.pk, ':p': input.prefix },
        ConsistentRead: input.consistent,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

/** One clinic's chunks, in order; `withKpi` also reads the nightly base's lane. */
export const readClinicChunks = async (tenantId: string, clinicId: string, options: { consistent?: boolean; withKpi?: boolean } = {}): Promise<FactsChunk[]> => {
  const consistent = options.consistent ?? false;
  const { pk, skPrefix } = segmentFactsChunkEntity.range({ tenantId, clinicId });
  const [items, kpiItems] = await Promise.all([
    queryAll({ pk, prefix: skPrefix, consistent }),
    options.withKpi ? queryAll({ pk, prefix: segmentFactsKpiEntity.range({ tenantId, clinicId }).skPrefix, consistent }) : Promise.resolve([]),
  ]);
  const kpiOf = new Map(kpiItems.map((i) => [Number(i.chunk), i.data]));
  return items.map((i) => {
    const kpi = kpiOf.get(Number(i.chunk));
    return { index: Number(i.chunk), patients: i.data instanceof Uint8Array ? decodeChunk(i.data, kpi instanceof Uint8Array ? kpi : undefined, clinicId) : [] };
  });
};

const deltaOf = (item: Item): StoredDelta => {
  const patientId = String(item.patientId);
  const rev = String(item.rev);
  if (item.gone === true || !(item.facts instanceof Uint8Array)) return { patientId, rev };
  return { patientId, rev, facts: unpackFacts(expand<PackedFacts>(item.facts), String(item.clinicId)) };
};

/** The chain's deltas (every clinic: a delta may move a patient between clinics). */
export const readFactsDeltas = async (tenantId: string, consistent = false): Promise<StoredDelta[]> => {
  const { pk, skPrefix } = segmentFactsDeltaEntity.range({ tenantId });
  // A folded delta is in the chunks already; it waits only for TTL to remove it.
  return (await queryAll({ pk, prefix: skPrefix, consistent })).filter((i) => i.folded === undefined || i.folded !== i.rev).map(deltaOf);
};

/**
 * Every patient's facts as of now for the clinics asked (default: all of the chain's), from
 * eventually consistent reads. A merged-away patient is not returned.
 */
export const readSegmentFacts = async (tenantId: string, options: { clinicIds?: readonly string[] }): Promise<SegmentFacts[]> => {
  const clinicIds = options.clinicIds ?? (await listClinics(tenantId)).map((c) => c.clinicId);
  const [chunks, deltas] = await Promise.all([mapLimit(clinicIds, { limit: 4 }, (c) => readClinicChunks(tenantId, c)), readFactsDeltas(tenantId)]);
  // Segments read the segment lane only: leave the nightly-only fields out of deltas too.
  const segmentOnly = deltas.map(({ patientId, facts }) => {
    if (!facts) return { patientId };
    const { recentVisits: _v, recallDues: _d, ...rest } = facts;
    return { patientId, facts: rest };
  });
  return overlayFacts(chunks.flat().flatMap((c) => c.patients), segmentOnly, new Set(clinicIds));
};

const deltaItem = (tenantId: string, change: FactsDelta): Item => ({
  ...segmentFactsDeltaEntity.key({ tenantId, patientId: change.patientId }),
  type: segmentFactsDeltaEntity.type,
  patientId: change.patientId,
  rev: ulid(),
  ...(change.facts ? { clinicId: change.facts.clinicId, facts: compress(packFacts(change.facts), 5) } : { gone: true }),
});

/** Records a patient's new facts (or that they are gone) until the next compaction folds them. */
export const putFactsDelta = async (tenantId: string, change: FactsDelta): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: deltaItem(tenantId, change) }));
};

/** Many patients' new facts at once (an import's chunk): 25 to a request. */
export const putFactsDeltas = async (tenantId: string, changes: readonly FactsDelta[]): Promise<void> => {
  await batchPut(changes.map((c) => deltaItem(tenantId, c)));
};

const chunkItems = (tenantId: string, clinicId: string, chunk: FactsChunk, at: string): Item[] => {
  const label = chunkLabel(chunk.index);
  const lanes = chunk.patients.length > 0 ? encodeChunk(chunk.patients) : undefined;
  const common = { type: segmentFactsChunkEntity.type, chunk: chunk.index, updatedAt: at };
  return [
    { ...segmentFactsChunkEntity.key({ tenantId, clinicId, chunk: label }), ...common, count: chunk.patients.length, ...(lanes ? { data: lanes.segment } : {}) },
    { ...segmentFactsKpiEntity.key({ tenantId, clinicId, chunk: label }), ...common, type: segmentFactsKpiEntity.type, ...(lanes ? { data: lanes.kpi } : {}) },
  ];
};

/**
 * Writes chunks one Put each (the nightly job may put and update, never delete or batch-write:
 * shared/schedules.ts). A chunk whose patients all left is written empty.
 */
export const writeChunks = async (tenantId: string, clinicId: string, chunks: readonly FactsChunk[], at: string): Promise<number> => {
  await mapLimit(chunks.flatMap((c) => chunkItems(tenantId, clinicId, c, at)), { limit: 4 }, (Item) => documentClient.send(new PutCommand({ TableName: tableName, Item })));
  return chunks.length;
};

/** How long a folded delta stays before DynamoDB's TTL removes it (readers skip it meanwhile). */
const foldedTtlSeconds = 3600;

/**
 * Marks the deltas folded, each only if no newer refresh replaced it meanwhile, and lets TTL
 * delete them (no DeleteItem: see writeChunks). Answers how many were retired.
 */
export const retireFoldedDeltas = async (tenantId: string, deltas: readonly StoredDelta[], at: string): Promise<number> => {
  const expiresAt = Math.floor(Date.parse(at) / 1000) + foldedTtlSeconds;
  const retired = await mapLimit(deltas, { limit: 8 }, async (d): Promise<number> => {
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName,
          Key: segmentFactsDeltaEntity.key({ tenantId, patientId: d.patientId }),
          UpdateExpression: 'SET folded = :rev, expiresAt = :exp',
          ConditionExpression: 'rev = :rev',
          ExpressionAttributeValues: { ':rev': d.rev, ':exp': expiresAt },
        }),
      );
      return 1;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 0;
      throw error;
    }
  });
  return retired.reduce((a, b) => a + b, 0);
};

export type Compaction = { chunks: Map<string, FactsChunk[]>; chunksWritten: number; deltasFolded: number };

/**
 * Folds the chain's deltas into its clinics' chunks and answers every clinic's chunks as they
 * now stand (the nightly job computes from them without reading again).
 */
export const compactSegmentFacts = async (tenantId: string, clinicIds: readonly string[], at: string): Promise<Compaction> => {
  const deltas = await readFactsDeltas(tenantId, true);
  if (deltas.length === 0) return { chunks: new Map(await Promise.all(clinicIds.map(async (c) => [c, await readClinicChunks(tenantId, c, { consistent: true, withKpi: true })] as const))), chunksWritten: 0, deltasFolded: 0 };
  const chunks = new Map<string, FactsChunk[]>();
  let chunksWritten = 0;
  for (const clinicId of clinicIds) {
    const before = await readClinicChunks(tenantId, clinicId, { consistent: true, withKpi: true });
    const changed = foldChunks(clinicId, before, deltas, { capacity: chunkCapacity });
    chunksWritten += await writeChunks(tenantId, clinicId, changed, at);
    const byIndex = new Map([...before, ...changed].map((c) => [c.index, c]));
    chunks.set(clinicId, [...byIndex.values()].filter((c) => c.patients.length > 0).sort((a, b) => a.index - b.index));
  }
  const deltasFolded = await retireFoldedDeltas(tenantId, deltas, at);
  return { chunks, chunksWritten, deltasFolded };
};

/** Replaces a clinic's chunks with these patients (the rebuild), deleting chunks left over. */
export const replaceClinicFacts = async (tenantId: string, clinicId: string, patients: readonly SegmentFacts[], at: string): Promise<FactsChunk[]> => {
  const before = await readClinicChunks(tenantId, clinicId, { consistent: true });
  const next: FactsChunk[] = [];
  for (let i = 0; i * chunkCapacity < patients.length; i += 1) next.push({ index: i, patients: patients.slice(i * chunkCapacity, (i + 1) * chunkCapacity) });
  const stale = before.filter((c) => c.index >= next.length).map((c) => ({ index: c.index, patients: [] }));
  await writeChunks(tenantId, clinicId, [...next, ...stale], at);
  return next;
};

/** Whether the chain has any facts stored (chunks or deltas); a chain without is rebuilt. */
export const hasSegmentFacts = async (tenantId: string, clinicIds: readonly string[]): Promise<boolean> => {
  for (const clinicId of clinicIds) {
    const { pk, skPrefix } = segmentFactsChunkEntity.range({ tenantId, clinicId });
    const page = await documentClient.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix }, Limit: 1, ProjectionExpression: 'pk' }),
    );
    if ((page.Items ?? []).length > 0) return true;
  }
  return false;
};
