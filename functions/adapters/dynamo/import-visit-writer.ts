/**
 * Historical visits from a spreadsheet, written as the checkout writes visits: visit items in
 * the patient's partition (`VISIT#<visitedAt>#<visitId>`, source 'import') and the patient's
 * summary (`SUMMARY`: first and last visit, visit count, total spend, guarded by its version),
 * built with visit-repository's item builders so both writers keep one shape.
 *
 * Idempotent: a visit's id is a hash of clinic, patient, day and procedure, so the same visit
 * imported twice (a redelivered chunk, a re-run, the same file uploaded again) is one item, and a
 * file that says another amount for it corrects that visit (and the summary's spend) instead of
 * adding a second. A visit is put only if absent, or corrected only if it still holds the amount
 * read, together with the summary it changes, in one transaction that holds only if the
 * summary's version is still the one read (a checkout may write meanwhile). Imports write no
 * KPI rollups: imported history is not a day's takings.
 *
 * `recordImportedVisits` is the one entry point for patients that may already have history.
 */
import { createHash } from 'node:crypto';
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keepingOtherAttributes, summaryAfter, type SummaryEvent } from '../../../shared/domain/patient-summary.js';
import type { Visit } from '../../../shared/schemas/visit.js';
import { tableName, documentClient } from './client.js';
import { batchGetAll, keyString } from './import-batch.js';
import { mapLimit } from '../../lib/concurrency.js';
import { retry } from '../../lib/retry.js';
import { stripKeys, summaryItem, visitItem as checkoutVisitItem, type StoredSummary } from './visit-repository.js';
import { patientSummaryEntity } from './entities/patient-summary.js';
import { visitEntity } from './entities/visit.js';

export type ImportedVisit = {
  visitId: string;
  /** the clinic's calendar day of the visit */
  localDate: string;
  /** UTC instant of local midnight of that day */
  visitedAt: string;
  /** the file's own words for what was done; not a catalog procedure */
  procedure?: string;
  amountFen: number;
};

export type ImportVisitContext = {
  clinicId: string;
  importId: string;
  runId: string;
  createdBy: string;
  now: string;
  /** bounds of the patient's history from the file's 首诊/最近就诊 columns, visit rows or not */
  firstVisitAt?: string;
  lastVisitAt?: string;
  /** the file's total spend for the patient (累计消费): the summary's spend is at least this */
  knownSpendFen?: number;
};

type Item = Record<string, unknown>;

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-shaped id from a hash of what makes a visit the same visit (clinic, patient, day and
 * procedure; not the amount, which a later file may correct): the same visit always gets the same id.
 */
export const importedVisitId = (visit: { clinicId: string; patientId: string; date: string; procedure?: string }): string => {
  const digest = createHash('sha256').update(`import-visit|v2|${visit.clinicId}|${visit.patientId}|${visit.date}|${visit.procedure ?? ''}`).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 17)) bits = (bits << 8n) | BigInt(byte);
  let id = '';
  for (let i = 0; i < 26; i++) {
    id = (crockford[Number(bits & 31n)] ?? '0') + id;
    bits >>= 5n;
  }
  // The first character of a ULID is 0–7 (its 48-bit time); keep the shape exact.
  return `${crockford[crockford.indexOf(id[0] ?? '0') & 7] ?? '0'}${id.slice(1)}`;
};

const visitKey = (tenantId: string, patientId: string, visit: Pick<ImportedVisit, 'visitedAt' | 'visitId'>) => visitEntity.key({ tenantId, patientId, visitedAt: visit.visitedAt, visitId: visit.visitId });

/**
 * The checkout's Visit with source 'import'. The file names procedures in its own words, so they
 * are kept as text (`importedProcedure`), not guessed into catalog lines; the amount is the total.
 */
export const importedVisitItem = (tenantId: string, patientId: string, visit: ImportedVisit, ctx: ImportVisitContext): Item => {
  const record: Visit = {
    visitId: visit.visitId,
    patientId,
    clinicId: ctx.clinicId,
    visitedAt: visit.visitedAt,
    source: 'import',
    lines: [],
    subtotalFen: visit.amountFen,
    discountFen: 0,
    totalFen: visit.amountFen,
    payments: [],
    notes: '',
    createdBy: ctx.createdBy,
    createdAt: ctx.now,
  };
  return {
    ...checkoutVisitItem(tenantId, record),
    tenantId,
    localDate: visit.localDate,
    ...(visit.procedure ? { importedProcedure: visit.procedure } : {}),
    importId: ctx.importId,
    runId: ctx.runId,
  };
};

/**
 * The summary after adding `visits` (not yet counted) and the file's bounds, one version on, by
 * the rule every visit writer follows (patient-summary.ts): an imported visit that becomes the
 * last one is the last one the lifecycle reads, with no procedure categories and no care pathway.
 */
export type AmountCorrection = { visit: ImportedVisit; fromFen: number };

export const nextSummary = (
  current: StoredSummary | undefined,
  visits: readonly ImportedVisit[],
  ctx: Pick<ImportVisitContext, 'clinicId' | 'firstVisitAt' | 'lastVisitAt' | 'knownSpendFen'>,
  corrections: readonly AmountCorrection[] = [],
): StoredSummary =>
  keepingOtherAttributes(
    current,
    summaryAfter(current, [
      ...visits.map((v): SummaryEvent => ({ kind: 'visit', visit: { visitedAt: v.visitedAt, clinicId: ctx.clinicId, totalFen: v.amountFen, categories: [] } })),
      ...corrections.map((c): SummaryEvent => ({ kind: 'amount-corrected', fromFen: c.fromFen, toFen: c.visit.amountFen })),
      { kind: 'known-visit-dates', clinicId: ctx.clinicId, ...(ctx.firstVisitAt ? { firstVisitAt: ctx.firstVisitAt } : {}), ...(ctx.lastVisitAt ? { lastVisitAt: ctx.lastVisitAt } : {}) },
      ...(ctx.knownSpendFen !== undefined ? [{ kind: 'known-spend', totalSpendFen: ctx.knownSpendFen } as const] : []),
    ]),
  );

const unchanged = (a: StoredSummary | undefined, b: StoredSummary) =>
  a !== undefined && a.firstVisitAt === b.firstVisitAt && a.lastVisitAt === b.lastVisitAt && a.visitCount === b.visitCount && a.totalSpendFen === b.totalSpendFen;

const summaryOf = (item: Item | undefined): StoredSummary | undefined => (item ? stripKeys<StoredSummary>(item) : undefined);

/**
 * Everything a brand-new patient's partition gets: its visits and its summary, as plain puts.
 * Only for patients whose profile does not exist yet, so nobody else can have written there.
 */
export const newPatientHistoryItems = (tenantId: string, patientId: string, visits: readonly ImportedVisit[], ctx: ImportVisitContext): Item[] => {
  const unique = [...new Map(visits.map((v) => [v.visitId, v])).values()];
  const summary = nextSummary(undefined, unique, ctx);
  const items = unique.map((v) => importedVisitItem(tenantId, patientId, v, ctx));
  if (summary.visitCount > 0 || summary.totalSpendFen > 0 || summary.firstVisitAt || summary.lastVisitAt) items.push(summaryItem(tenantId, patientId, summary));
  return items;
};

const summaryPut = (tenantId: string, patientId: string, current: StoredSummary | undefined, next: StoredSummary) => ({
  Put: {
    TableName: tableName,
    Item: summaryItem(tenantId, patientId, next),
    ...(current === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : current.version === undefined
        ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(version)' }
        : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': current.version } }),
  },
});

const keysFor = (tenantId: string, patientId: string, visits: readonly ImportedVisit[]) => [patientSummaryEntity.key({ tenantId, patientId }), ...visits.map((v) => visitKey(tenantId, patientId, v))];

/** Visits per transaction: at most 100 actions, one of them the summary. */
const perTransaction = 99;
const maxAttempts = 8;

const correctionUpdate = (tenantId: string, patientId: string, c: AmountCorrection, ctx: ImportVisitContext) => ({
  Update: {
    TableName: tableName,
    Key: visitKey(tenantId, patientId, c.visit),
    UpdateExpression: 'SET totalFen = :to, subtotalFen = :to, correctedAt = :now, correctedByImportId = :importId',
    ConditionExpression: 'totalFen = :from AND #source = :import AND attribute_not_exists(voidedAt)',
    ExpressionAttributeNames: { '#source': 'source' },
    ExpressionAttributeValues: { ':to': c.visit.amountFen, ':from': c.fromFen, ':now': ctx.now, ':importId': ctx.importId, ':import': 'import' },
  },
});

/** A stored imported visit (not voided) whose amount the file now says differently. */
const correctionOf = (item: Item | undefined, visit: ImportedVisit): AmountCorrection | undefined =>
  item && item.source === 'import' && !item.voidedAt && typeof item.totalFen === 'number' && item.totalFen !== visit.amountFen ? { visit, fromFen: item.totalFen } : undefined;

/**
 * Records `visits` for one patient whose partition may hold visits already. Returns how many of
 * them this run wrote (counting those an earlier, interrupted attempt of the same run wrote) and
 * how many it corrected. `prefetched` (items by `pk|sk`, from one BatchGetItem for many patients)
 * saves the first read.
 */
export const recordImportedVisits = async (
  tenantId: string,
  patientId: string,
  visits: readonly ImportedVisit[],
  ctx: ImportVisitContext,
  prefetched?: ReadonlyMap<string, Item>,
): Promise<{ created: number; corrected: number }> => {
  const unique = [...new Map(visits.map((v) => [v.visitId, v])).values()];
  const allKeys = keysFor(tenantId, patientId, unique);
  let state: ReadonlyMap<string, Item> = prefetched ?? (await batchGetAll(allKeys));
  const written = new Set<string>();
  const corrected = new Set<string>();
  const stored = (v: ImportedVisit) => state.get(keyString(visitKey(tenantId, patientId, v)));
  // One transaction per batch of visits; each batch has its own tries. A lost race (someone wrote a
  // visit or changed the summary meanwhile) reads the partition again and redoes the sums.
  const commitNextBatch = async (attempt: number): Promise<{ created: number; corrected: number } | undefined> => {
    if (attempt > 1) state = await batchGetAll(allKeys);
    const corrections = unique.flatMap((v) => correctionOf(stored(v), v) ?? []).slice(0, perTransaction);
    const fresh = unique.filter((v) => !written.has(v.visitId) && !stored(v));
    const current = summaryOf(state.get(keyString(patientSummaryEntity.key({ tenantId, patientId }))));
    const batch = fresh.slice(0, perTransaction - corrections.length);
    const next = nextSummary(current, batch, ctx, corrections);
    if (batch.length === 0 && corrections.length === 0 && unchanged(current, next)) {
      const mine = unique.filter((v) => written.has(v.visitId) || stored(v)?.runId === ctx.runId);
      return { created: mine.length, corrected: corrected.size };
    }
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          ...batch.map((v) => ({ Put: { TableName: tableName, Item: importedVisitItem(tenantId, patientId, v, ctx), ConditionExpression: 'attribute_not_exists(pk)' } })),
          ...corrections.map((c) => correctionUpdate(tenantId, patientId, c, ctx)),
          summaryPut(tenantId, patientId, current, next),
        ],
      }),
    );
    const updated = new Map(state);
    for (const v of batch) {
      written.add(v.visitId);
      updated.set(keyString(visitKey(tenantId, patientId, v)), importedVisitItem(tenantId, patientId, v, ctx));
    }
    for (const c of corrections) {
      corrected.add(c.visit.visitId);
      updated.set(keyString(visitKey(tenantId, patientId, c.visit)), { ...stored(c.visit), totalFen: c.visit.amountFen, subtotalFen: c.visit.amountFen, correctedByImportId: ctx.importId });
    }
    updated.set(keyString(patientSummaryEntity.key({ tenantId, patientId })), summaryItem(tenantId, patientId, next));
    state = updated;
    return undefined;
  };
  for (;;) {
    const done = await retry(commitNextBatch, {
      attempts: maxAttempts,
      baseMs: 10,
      capMs: 1000,
      retryIf: (error) => error instanceof TransactionCanceledException || error instanceof TransactionConflictException,
      exhausted: () => new Error(`patient ${patientId}: the visit summary kept changing during the import; the chunk will be retried`),
    });
    if (done) return done;
  }
};

/** `recordImportedVisits` for many patients, with one batched read of their partitions first. */
export const recordImportedVisitsForMany = async (
  tenantId: string,
  work: readonly { patientId: string; visits: readonly ImportedVisit[]; ctx: ImportVisitContext }[],
  concurrency = 8,
): Promise<{ created: number; corrected: number }> => {
  const prefetched = await batchGetAll(work.flatMap((w) => keysFor(tenantId, w.patientId, w.visits)));
  const results = await mapLimit(work, { limit: concurrency }, (w) => recordImportedVisits(tenantId, w.patientId, w.visits, w.ctx, prefetched));
  return { created: results.reduce((sum, r) => sum + r.created, 0), corrected: results.reduce((sum, r) => sum + r.corrected, 0) };
};
