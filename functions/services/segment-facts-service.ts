/**
 * Keeping the facts store current (design: functions/adapters/dynamo/segment-facts-repository.ts).
 * `refreshPatientFacts` is what a record that changes a patient's facts calls after it commits;
 * `rebuildSegmentFacts` builds a chain's chunks from its records (demo seed, imports, chains
 * stored before the store existed). A refresh must never fail the change that asked for it: it
 * logs, and the facts catch up at the next refresh or rebuild.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { listProcedures } from '../adapters/dynamo/catalog-repository.js';
import { documentClient, tableName } from '../adapters/dynamo/client.js';
import { patientEntity } from '../adapters/dynamo/entities/patient.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { patientRecordFrom } from '../adapters/dynamo/patient-repository.js';
import { readPatientRecords, readRecordsOf, recordsFromItems } from '../adapters/dynamo/segment-facts-source.js';
import { putFactsDelta, putFactsDeltas, readFactsDeltas, replaceClinicFacts, retireFoldedDeltas } from '../adapters/dynamo/segment-facts-repository.js';
import { logger } from '../adapters/logger.js';
import { mapLimit } from '../lib/concurrency.js';
import { defaultTimeZone } from '../../shared/domain/time.js';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { segmentFactsOf, type FactsContext } from './segment-facts-of.js';

type ChainContext = Omit<FactsContext, 'timeZone' | 'now'> & { zones: ReadonlyMap<string, string> };

/** The catalog and zones change rarely; a warm Lambda re-reads them at most once a minute. */
const cacheMs = 60_000;
const cache = new Map<string, { at: number; ctx: ChainContext }>();

export const chainFactsContext = async (tenantId: string, fresh = false): Promise<ChainContext> => {
  // Per table as well as per chain: the twin's test files share one process, each with tables of its own.
  const key = `${tableName}|${tenantId}`;
  const hit = cache.get(key);
  if (!fresh && hit && Date.now() - hit.at < cacheMs) return hit.ctx;
  const [procedures, clinics] = await Promise.all([listProcedures(tenantId), listClinics(tenantId)]);
  const ctx: ChainContext = {
    rules: new Map(procedures.map((p) => [p.procedureId, p.recall])),
    categories: new Map(procedures.map((p) => [p.procedureId, p.category])),
    zones: new Map(clinics.map((c) => [c.clinicId, c.timeZone])),
  };
  cache.set(key, { at: Date.now(), ctx });
  return ctx;
};

const contextFor = (ctx: ChainContext, clinicId: string, now: Date): FactsContext => ({ ...ctx, timeZone: ctx.zones.get(clinicId) ?? defaultTimeZone, now });

/** Recomputes one patient's facts from their records and stores them as a delta. */
export const refreshPatientFacts = async (tenantId: string, patientId: string, now = new Date()): Promise<SegmentFacts | undefined> => {
  const raw = await readPatientRecords(tenantId, patientId);
  if (!raw) {
    await putFactsDelta(tenantId, { patientId });
    return undefined;
  }
  const facts = segmentFactsOf(tenantId, raw, contextFor(await chainFactsContext(tenantId), raw.profile.clinicId, now));
  await putFactsDelta(tenantId, { patientId, facts });
  return facts;
};

/** After a change has committed: refresh these patients, never failing the change. */
export const refreshFactsAfter = async (tenantId: string, patientIds: readonly string[]): Promise<void> => {
  try {
    await mapLimit([...new Set(patientIds)], { limit: 8 }, (id) => refreshPatientFacts(tenantId, id));
  } catch (error) {
    logger.warn('patient facts refresh failed', { tenantId, errorMessage: error instanceof Error ? error.message : 'unknown' });
  }
};

const clinicPatients = async (tenantId: string, clinicId: string, ctx: FactsContext): Promise<SegmentFacts[]> => {
  const out: SegmentFacts[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new QueryCommand({ TableName: tableName, ...patientEntity.indexes.byClinic.query({ tenantId, clinicId }), Limit: 200, ExclusiveStartKey: start }));
    const profiles = (page.Items ?? []).map(patientRecordFrom).filter((p) => p.mergedInto === undefined);
    out.push(...(await mapLimit(profiles, { limit: 8 }, async (p) => segmentFactsOf(tenantId, await readRecordsOf(tenantId, p), ctx))));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
};

/** Builds every clinic's chunks from the records and clears the deltas they cover. */
export const rebuildSegmentFacts = async (tenantId: string, now = new Date()): Promise<{ patients: number }> => {
  const ctx = await chainFactsContext(tenantId, true);
  const deltas = await readFactsDeltas(tenantId, true);
  let patients = 0;
  for (const clinicId of ctx.zones.keys()) {
    const facts = await clinicPatients(tenantId, clinicId, contextFor(ctx, clinicId, now));
    await replaceClinicFacts(tenantId, clinicId, facts, now.toISOString());
    patients += facts.length;
  }
  // Only the deltas read before the walk: a refresh during it stays and is folded later.
  await retireFoldedDeltas(tenantId, deltas, now.toISOString());
  return { patients };
};

type Touched = { tenantId: string; patientIds: readonly (string | undefined)[] };

/**
 * Wraps a service call that changes patients' facts: once it has committed, the patients it
 * touched are refreshed. Replays refresh too (harmless: a delta holds whole facts).
 */
export const withFactsRefresh =
  <A extends unknown[], R>(work: (...args: A) => Promise<R>, touched: (args: A, result: R) => Touched) =>
  async (...args: A): Promise<R> => {
    const result = await work(...args);
    const { tenantId, patientIds } = touched(args, result);
    await refreshFactsAfter(tenantId, patientIds.filter((id): id is string => typeof id === 'string' && id !== ''));
    return result;
  };

/** New patients' facts from the items an import writes for them (no read back), as deltas. */
export const factsForNewPatients = async (tenantId: string, created: readonly { profile: PatientRecord; items: readonly Record<string, unknown>[] }[], now = new Date()): Promise<void> => {
  if (created.length === 0) return;
  const ctx = await chainFactsContext(tenantId);
  await putFactsDeltas(
    tenantId,
    created.map(({ profile, items }) => ({ patientId: profile.patientId, facts: segmentFactsOf(tenantId, recordsFromItems(profile, items), contextFor(ctx, profile.clinicId, now)) })),
  );
};
