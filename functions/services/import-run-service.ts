/**
 * Carries out one chunk of an import run: the import-runner job calls this once per event, and
 * each chunk puts the event for the next, so no invocation runs long however big the file.
 *
 * Safe to repeat: the chunk's record says which chunk is next (a redelivered or out-of-date
 * event does nothing), patients have ids fixed by the plan and are written only if absent,
 * visits have ids derived from their content, and the checkpoint that counts the chunk is a
 * conditional write that only the first finisher wins.
 */
import { localMidnightUtc } from '../../shared/domain/import-dates.js';
import type { PlannedRow } from '../../shared/domain/import-plan.js';
import type { PersonFields } from '../../shared/domain/import-values.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { importChunkEvent, type ImportChunkDetail } from '../../shared/schedules.js';
import type { ConsentPurpose, ConsentRecord } from '../../shared/schemas/patient.js';
import { batchWriteAll } from '../adapters/dynamo/import-batch.js';
import { existingPatientIds, writePatients } from '../adapters/dynamo/import-patient-writer.js';
import {
  beginChunk,
  checkpointChunk,
  getImport,
  listImports,
  readPlanChunks,
  recordChunkFailure,
  type ChunkTally,
  type ImportRecord,
} from '../adapters/dynamo/import-repository.js';
import {
  importedVisitId,
  newPatientHistoryItems,
  recordImportedVisitsForMany,
  type ImportedVisit,
  type ImportVisitContext,
} from '../adapters/dynamo/import-visit-writer.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { putEvent } from '../adapters/event-bus.js';
import { logger } from '../adapters/logger.js';
import { alertStaff } from '../adapters/notifier.js';
import { importHeartbeatMs, importRunStalled } from './import-heartbeat.js';
import { factsForNewPatients, refreshFactsAfter } from './segment-facts-service.js';

/** Failed attempts at one chunk before the run is marked failed (POST .../run resumes it). */
export const maxChunkFailures = 3;

export type ChunkOutcome = 'done' | 'completed' | 'already-done' | 'stale' | 'failed';

const putChunkEvent = (detail: ImportChunkDetail) => putEvent({ source: importChunkEvent.source, detailType: importChunkEvent.detailType, detail });

/** Consents only from a consent column of the file, recorded as given by import (never assumed). */
const consentsOf = (person: PersonFields, row: number, record: ImportRecord, at: string): Partial<Record<ConsentPurpose, ConsentRecord>> => {
  const out: Partial<Record<ConsentPurpose, ConsentRecord>> = {};
  const stamp = (granted: boolean): ConsentRecord => ({ granted, source: 'import', at, channel: 'sms', recordedBy: record.createdBy, proof: `import ${record.importId} row ${row}` });
  if (person.careConsent !== undefined) out.care = stamp(person.careConsent);
  if (person.marketingConsent !== undefined) out.marketing = stamp(person.marketingConsent);
  return out;
};

const patientRecordOf = (row: PlannedRow & { person: PersonFields; patientId: string }, record: ImportRecord, at: string): PatientRecord => ({
  patientId: row.patientId,
  clinicId: record.clinicId,
  name: row.person.name,
  gender: row.person.gender ?? 'unknown',
  ...(row.person.birthDate ? { birthDate: row.person.birthDate } : {}),
  phone: row.person.phone,
  channel: row.person.channel ?? 'walk-in',
  tags: row.person.tags,
  notes: row.person.notes,
  consents: consentsOf(row.person, row.row, record, at),
  createdAt: at,
  updatedAt: at,
});

type PatientWork = { patientId: string; create?: PatientRecord; visits: ImportedVisit[]; firstVisitAt?: string; lastVisitAt?: string; knownSpendFen?: number };

/** What the chunk's rows do, per patient. */
const workOf = (rows: readonly PlannedRow[], record: ImportRecord, timeZone: string, at: string): Map<string, PatientWork> => {
  const byPatient = new Map<string, PatientWork>();
  for (const row of rows) {
    if (row.status === 'rejected' || !row.patientId) continue;
    let work = byPatient.get(row.patientId);
    if (!work) byPatient.set(row.patientId, (work = { patientId: row.patientId, visits: [] }));
    if (row.status === 'created' && row.person) work.create = patientRecordOf({ ...row, person: row.person, patientId: row.patientId }, record, at);
    // A visit the same as an earlier row's was written with that row.
    if (row.visit && row.visit.sameAsRow === undefined) {
      work.visits.push({
        visitId: importedVisitId({ clinicId: record.clinicId, patientId: row.patientId, date: row.visit.date, ...(row.visit.procedure ? { procedure: row.visit.procedure } : {}) }),
        localDate: row.visit.date,
        visitedAt: localMidnightUtc(row.visit.date, timeZone),
        ...(row.visit.procedure ? { procedure: row.visit.procedure } : {}),
        amountFen: row.visit.amountFen,
      });
    }
    if (row.totalSpendFen !== undefined) work.knownSpendFen = Math.max(work.knownSpendFen ?? 0, row.totalSpendFen);
    for (const date of [row.firstVisitDate, row.lastVisitDate]) {
      if (!date) continue;
      const instant = localMidnightUtc(date, timeZone);
      if (!work.firstVisitAt || instant < work.firstVisitAt) work.firstVisitAt = instant;
      if (!work.lastVisitAt || instant > work.lastVisitAt) work.lastVisitAt = instant;
    }
  }
  return byPatient;
};

const executeChunk = async (tenantId: string, record: ImportRecord, chunk: number, retry: boolean): Promise<ChunkTally> => {
  const runId = record.runId ?? '';
  const planId = record.runPlanId ?? '';
  const at = record.runStartedAt ?? new Date().toISOString();
  const clinic = await getClinic(tenantId, record.clinicId);
  if (!clinic) throw new Error(`import ${record.importId}: clinic ${record.clinicId} is gone`);
  const rows = (await readPlanChunks(tenantId, record.importId, planId, [chunk])).get(chunk) ?? [];
  const byPatient = workOf(rows, record, clinic.timeZone, at);

  const contextOf = (w: PatientWork): ImportVisitContext => ({
    clinicId: record.clinicId,
    importId: record.importId,
    runId,
    createdBy: record.createdBy,
    now: at,
    ...(w.firstVisitAt ? { firstVisitAt: w.firstVisitAt } : {}),
    ...(w.lastVisitAt ? { lastVisitAt: w.lastVisitAt } : {}),
    ...(w.knownSpendFen !== undefined ? { knownSpendFen: w.knownSpendFen } : {}),
  });

  // Patients this chunk creates that exist already were written by an earlier attempt of it
  // (only a retried or duplicated chunk can have one; the first attempt need not look).
  const creating = [...byPatient.values()].filter((w) => w.create);
  const written = retry ? await existingPatientIds(tenantId, creating.map((w) => w.patientId)) : new Set<string>();
  const fresh = creating.filter((w) => !written.has(w.patientId));
  const careful = [...byPatient.values()].filter((w) => !fresh.includes(w) && (w.visits.length > 0 || w.firstVisitAt || w.lastVisitAt || w.knownSpendFen !== undefined));

  // New patients: history first, profile last, so a patient is never visible without its visits.
  const histories = fresh.map((w) => ({ w, items: newPatientHistoryItems(tenantId, w.patientId, w.visits, contextOf(w)) }));
  await batchWriteAll(histories.flatMap((h) => h.items));
  await writePatients(tenantId, fresh.flatMap((w) => (w.create ? [w.create] : [])), record.importId);
  const freshVisits = fresh.reduce((sum, w) => sum + new Set(w.visits.map((v) => v.visitId)).size, 0);
  const { created: carefulVisits, corrected } = await recordImportedVisitsForMany(
    tenantId,
    careful.map((w) => ({ patientId: w.patientId, visits: w.visits, ctx: contextOf(w) })),
  );
  if (corrected) logger.info('import corrected visit amounts', { tenantId, importId: record.importId, chunk, corrected });
  // The chunk's patients as segments and the nightly base read them (a retry writes them again: harmless):
  // new ones from what was just written, the others read back.
  await factsForNewPatients(tenantId, histories.flatMap(({ w, items }) => (w.create ? [{ profile: w.create, items }] : [])));
  await refreshFactsAfter(tenantId, careful.map((w) => w.patientId));
  return {
    rows: rows.length,
    created: rows.filter((r) => r.status === 'created').length,
    merged: rows.filter((r) => r.status === 'merged').length,
    rejected: rows.filter((r) => r.status === 'rejected').length,
    visitsCreated: freshVisits + carefulVisits,
  };
};

/**
 * What a failure says in logs, on the import and in the staff alert. JSON.parse quotes the text
 * it failed on, which here would be rows of patients: such errors say only what failed.
 */
const errorText = (error: unknown): string => {
  if (error instanceof SyntaxError) return 'SyntaxError: stored import data could not be read';
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown error';
};

export const runImportChunk = async (detail: ImportChunkDetail): Promise<ChunkOutcome> => {
  const { tenantId, importId, runId, chunk } = detail;
  const claimed = await beginChunk(tenantId, importId, runId, chunk);
  if (!claimed) {
    const current = await getImport(tenantId, importId);
    if (!current || current.runId !== runId || current.status !== 'running') return 'stale';
    const done = current.chunksDone ?? 0;
    // The event for the next chunk may have been lost after this one was counted: put it again.
    if (chunk === done - 1 && done < current.chunkRowCounts.length) {
      await putChunkEvent({ ...detail, chunk: done });
      return 'already-done';
    }
    return chunk < done ? 'already-done' : 'stale';
  }
  const { record, attempt } = claimed;
  const total = record.chunkRowCounts.length;

  let tally: ChunkTally;
  try {
    tally = await executeChunk(tenantId, record, chunk, attempt > 1);
  } catch (error) {
    const message = errorText(error);
    logger.error('import chunk failed', { tenantId, importId, runId, chunk, errorMessage: message });
    const { failed } = await recordChunkFailure(tenantId, importId, { runId, chunk, message, maxFailures: maxChunkFailures, now: new Date().toISOString() });
    if (!failed) throw error;
    await alertStaff(tenantId, {
      subject: 'Smileloop import stopped',
      text: `Import ${importId} stopped at chunk ${chunk + 1} of ${total}: ${message}. Start it again to resume where it stopped.`,
      purpose: 'import-failure',
    });
    return 'failed';
  }
  const last = chunk + 1 === total;
  const counted = await checkpointChunk(tenantId, importId, { runId, chunk, tally, last, now: new Date().toISOString() });
  if (!counted) return 'already-done';
  logger.info('import chunk done', { tenantId, importId, runId, chunk, chunks: total, ...tally });
  if (last) return 'completed';
  await putChunkEvent({ ...detail, chunk: chunk + 1 });
  return 'done';
};

/** "Run now" for the import runner, and the claim sweep: nudges the chain's imports that stopped moving. */
export const resumeStalledImports = async (tenantId: string, now: Date, quietMs: number = importHeartbeatMs): Promise<number> => {
  const stalled = (await listImports(tenantId, 100)).filter((r) => importRunStalled(r, now, quietMs));
  for (const r of stalled) await putChunkEvent({ tenantId, importId: r.importId, runId: r.runId ?? '', chunk: r.chunksDone ?? 0 });
  return stalled.length;
};
