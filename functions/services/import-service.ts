/**
 * Import use cases behind the HTTP API: upload (parse the file, store its rows in chunks),
 * column mapping, dry run (a stored, paged report of what each row will do), starting or
 * resuming a run (the import-runner job then works chunk by chunk), and progress.
 */
import { randomFillSync } from 'node:crypto';
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { DomainError, invalid, notFound, type FieldProblem } from '../../shared/domain/errors.js';
import { fitCells, sampleOf } from '../../shared/domain/import-cells.js';
import { findHeaderRow, suggestMapping, uniqueHeaders } from '../../shared/domain/import-headers.js';
import { planImport, reportRow, type PlannedRow } from '../../shared/domain/import-plan.js';
import { parseRow, resolveColumns } from '../../shared/domain/import-values.js';
import { localDay } from '../../shared/domain/time.js';
import { importChunkEvent, type ImportChunkDetail } from '../../shared/schedules.js';
import {
  maxImportFileBytes,
  multiColumnFields,
  requiredImportFields,
  type ColumnMapping,
  type ImportCounts,
  type ImportDryRun,
  type ImportReportPage,
  type ImportRowStatus,
  type ImportRunStart,
  type ImportUpload,
  type ImportUploadResult,
  type ImportView,
} from '../../shared/schemas/imports.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import {
  createImport,
  getImport,
  listImports,
  markRunFailed,
  readAllRows,
  readPlanChunks,
  recordPlan,
  resumeRun,
  saveMapping,
  savePlanChunks,
  startRun,
  type ImportRecord,
  type ImportRow,
} from '../adapters/dynamo/import-repository.js';
import { findClinicPeople } from '../adapters/dynamo/import-patient-writer.js';
import { putEvent } from '../adapters/event-bus.js';
import { logger } from '../adapters/logger.js';
import { importRunStalled } from './import-heartbeat.js';
import { readSpreadsheet } from '../adapters/spreadsheet/read-spreadsheet.js';

/** Rows per stored chunk, and per run step: a chunk of patients with their visits takes about a second. */
export const rowsPerChunk = 200;
/** Stored chunk size cap (JSON bytes), far under DynamoDB's 400 KB item limit even for long notes. */
const maxChunkBytes = 150_000;
/** The longest cell kept: notes take 2,000 characters, and anything longer is cut and reported there. */
const maxCellLength = 4_000;
/** 100,000 rows: about what fits in 4 MB; more means a file to split. */
const maxRows = 100_000;
/** A dry run's plan is carried out as shown if the run starts within this time; older, it is made again. */
const planReuseMs = 15 * 60_000;
/** Report rows returned with the dry run; GET pages through the rest. */
const firstReportRows = 100;

/**
 * Cryptographic randomness drawn 4 KB at a time: ulid() on its own asks the system for each
 * character (45 µs an id, half a second for a 10,000-row plan).
 */
const pool = new Uint8Array(4096);
let poolAt = pool.length;
const pooledRandom = (): number => {
  if (poolAt >= pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return (pool[poolAt++] ?? 0) / 256;
};
const newId = () => ulid(undefined, pooledRandom);

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const tooLarge = (bytes: number) =>
  new DomainError(
    'too-large',
    `contentBase64: the file is ${megabytes(bytes)}; the limit is ${megabytes(maxImportFileBytes)}. Split the file (for example by year) and import each part: rows already imported are merged, never duplicated`,
    [{ path: 'contentBase64', message: `is larger than ${megabytes(maxImportFileBytes)}: split the file and import each part`, code: 'file.too_large', params: { maximum: maxImportFileBytes } }],
  );

/** base64 (standard or URL-safe, with or without a data: URL prefix or line breaks) → bytes. */
export const decodeFileContent = (contentBase64: string): Uint8Array => {
  const body = contentBase64.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  const size = Math.floor((body.length * 3) / 4) - padding;
  if (size > maxImportFileBytes) throw tooLarge(size);
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body) || body.length % 4 === 1) {
    throw invalid('contentBase64', 'is not base64: send the file’s bytes base64-encoded', { code: 'file.invalid' });
  }
  return new Uint8Array(Buffer.from(body, 'base64'));
};

const clinicFor = async (caller: Caller, clinicId: string) => {
  const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
  if (!clinic) throw invalid('clinicId', 'is not one of your clinics', { code: 'clinic.not_yours' });
  return clinic;
};

const chunkRows = (rows: ImportRow[]): ImportRow[][] => {
  const chunks: ImportRow[][] = [];
  let current: ImportRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row.cells), 'utf8') + 16;
    if (current.length && (current.length >= rowsPerChunk || bytes + size > maxChunkBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
};

const hasRequiredFields = (mapping: ColumnMapping) => requiredImportFields.every((f) => Object.values(mapping).includes(f));

export const uploadImport = async (caller: Caller, input: ImportUpload): Promise<ImportUploadResult> => {
  const bytes = decodeFileContent(input.contentBase64);
  const clinic = await clinicFor(caller, input.clinicId);
  const sheet = readSpreadsheet(bytes, { fileName: input.fileName, ...(input.sheetName ? { sheetName: input.sheetName } : {}) });
  const headerIndex = findHeaderRow(sheet.rows.map((r) => r.cells));
  const headerRow = sheet.rows[headerIndex];
  if (!headerRow || headerRow.cells.filter((c) => c.trim() !== '').length < 2) {
    throw new DomainError('invalid', 'contentBase64: found no table in the file', [
      { path: 'contentBase64', message: 'holds no table with a header row of at least two columns (for example 姓名 and 手机)', code: 'file.invalid' },
      { path: 'fileName', message: 'must be a spreadsheet of patients: .xlsx or .csv', code: 'file.invalid' },
    ]);
  }
  const headers = uniqueHeaders(headerRow.cells);
  const dataRows = sheet.rows
    .slice(headerIndex + 1)
    .map((r): ImportRow => ({
      row: r.row,
      cells: fitCells(headers.map((_, i) => (r.cells[i] ?? '').slice(0, maxCellLength))),
      ...(r.uncomputed?.length ? { uncomputed: r.uncomputed.filter((i) => i < headers.length) } : {}),
    }))
    .filter((r) => r.cells.some((c) => c.trim() !== '') || r.uncomputed?.length);
  if (dataRows.length === 0) {
    throw new DomainError('invalid', 'contentBase64: the file has a header row but no rows of data under it', [
      { path: 'contentBase64', message: `has headers (row ${headerRow.row}) but no data rows under them`, code: 'file.invalid' },
    ]);
  }
  if (dataRows.length > maxRows) {
    throw new DomainError('too-large', `contentBase64: the file has ${dataRows.length} rows; split it into files of at most ${maxRows} rows`, [
      { path: 'contentBase64', message: `has more than ${maxRows} rows: split the file`, code: 'file.too_large', params: { maximum: maxRows } },
    ]);
  }
  const chunks = chunkRows(dataRows);
  const suggestedMapping = suggestMapping(headers);
  const now = new Date().toISOString();
  const record: ImportRecord = {
    importId: newId(),
    clinicId: clinic.clinicId,
    fileName: input.fileName,
    fileType: sheet.fileType,
    ...(sheet.encoding ? { encoding: sheet.encoding } : {}),
    ...(sheet.sheetName ? { sheetName: sheet.sheetName } : {}),
    ...(sheet.sheets ? { sheets: sheet.sheets } : {}),
    headerRow: headerRow.row,
    headers,
    sampleRows: sampleOf(dataRows.map((r) => r.cells)),
    suggestedMapping,
    ...(hasRequiredFields(suggestedMapping) ? { mapping: suggestedMapping } : {}),
    rowCount: dataRows.length,
    chunkRowCounts: chunks.map((c) => c.length),
    status: 'uploaded',
    createdBy: caller.userId,
    createdAt: now,
    updatedAt: now,
  };
  await createImport(caller.tenantId, record, chunks);
  logger.info('import uploaded', { tenantId: caller.tenantId, importId: record.importId, fileType: record.fileType, rows: record.rowCount, chunks: chunks.length });
  return {
    importId: record.importId,
    fileType: record.fileType,
    ...(record.encoding ? { encoding: record.encoding } : {}),
    ...(record.sheetName ? { sheetName: record.sheetName } : {}),
    ...(record.sheets ? { sheets: record.sheets } : {}),
    headerRow: record.headerRow,
    headers,
    sampleRows: record.sampleRows,
    suggestedMapping,
    rowCount: record.rowCount,
  };
};

/** Another chain's import, or one of a clinic outside the caller's scope, is not found (404). */
const readImport = async (caller: Caller, importId: string): Promise<ImportRecord> => {
  const record = await getImport(caller.tenantId, importId);
  if (!record || !canSeeClinic(caller, record.clinicId)) throw notFound('import');
  return record;
};

const counts = (record: ImportRecord) => ({
  runId: record.runId ?? '',
  rowsDone: record.rowsDone ?? 0,
  rowsTotal: record.rowCount,
  chunksDone: record.chunksDone ?? 0,
  chunksTotal: record.chunkRowCounts.length,
  created: record.createdCount ?? 0,
  merged: record.mergedCount ?? 0,
  rejected: record.rejectedCount ?? 0,
  visitsCreated: record.visitsCreated ?? 0,
  startedAt: record.runStartedAt ?? '',
  ...(record.runFinishedAt ? { finishedAt: record.runFinishedAt } : {}),
  ...(record.lastError ? { lastError: record.lastError } : {}),
});

export const presentImport = (record: ImportRecord): ImportView => ({
  importId: record.importId,
  clinicId: record.clinicId,
  fileName: record.fileName,
  fileType: record.fileType,
  ...(record.encoding ? { encoding: record.encoding } : {}),
  ...(record.sheetName ? { sheetName: record.sheetName } : {}),
  ...(record.sheets ? { sheets: record.sheets } : {}),
  headerRow: record.headerRow,
  headers: record.headers,
  sampleRows: record.sampleRows,
  rowCount: record.rowCount,
  suggestedMapping: record.suggestedMapping,
  ...(record.mapping ? { mapping: record.mapping } : {}),
  status: record.status,
  ...(record.planId && record.planCounts && record.planCreatedAt ? { dryRun: { planId: record.planId, createdAt: record.planCreatedAt, counts: record.planCounts } } : {}),
  ...(record.runId ? { progress: counts(record) } : {}),
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});

export const getImportView = async (caller: Caller, importId: string): Promise<ImportView> => presentImport(await readImport(caller, importId));

export const listImportViews = async (caller: Caller): Promise<ImportView[]> =>
  (await listImports(caller.tenantId, 50)).filter((r) => canSeeClinic(caller, r.clinicId)).map(presentImport);

/** The full mapping for the file's headers; every problem names `columns.<header>`. */
export const checkMapping = (headers: readonly string[], columns: ColumnMapping): ColumnMapping => {
  const problems: FieldProblem[] = [];
  for (const header of Object.keys(columns)) {
    if (!headers.includes(header)) problems.push({ path: `columns.${header}`, message: `is not a column of this file (its columns: ${headers.slice(0, 20).join(', ')})`, code: 'import.not_mapped' });
  }
  const mapping: ColumnMapping = Object.fromEntries(headers.map((h) => [h, columns[h] ?? 'ignore']));
  const firstColumn = new Map<string, string>();
  for (const [header, field] of Object.entries(mapping)) {
    if (field === 'ignore' || multiColumnFields.includes(field)) continue;
    const other = firstColumn.get(field);
    if (other) problems.push({ path: `columns.${header}`, message: `maps to ${field}, which column ${other} already has; only notes and tags take several columns`, code: 'import.not_mapped' });
    else firstColumn.set(field, header);
  }
  for (const field of requiredImportFields) {
    if (!firstColumn.has(field)) problems.push({ path: 'columns', message: `must map a column to ${field}`, code: 'import.not_mapped', params: { field } });
  }
  if (problems.length) throw new DomainError('invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return mapping;
};

export const setImportMapping = async (caller: Caller, importId: string, columns: ColumnMapping): Promise<ImportView> => {
  const record = await readImport(caller, importId);
  const mapping = checkMapping(record.headers, columns);
  return presentImport(await saveMapping(caller.tenantId, importId, mapping, new Date().toISOString()));
};

const mappingKey = (mapping: ColumnMapping): string =>
  JSON.stringify(Object.entries(mapping).filter(([, f]) => f !== 'ignore').sort(([a], [b]) => a.localeCompare(b)));

const requireMapping = (record: ImportRecord): ColumnMapping => {
  if (!record.mapping || !hasRequiredFields(record.mapping)) {
    throw invalid('mapping', 'is not set: map the columns first (PUT /imports/{importId}/mapping), at least name and phone', { code: 'import.not_mapped' });
  }
  return record.mapping;
};

const splitByChunks = <T>(items: readonly T[], sizes: readonly number[]): T[][] => {
  const out: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
};

/** Reads every row, checks it, matches people against the clinic's patients, and stores the plan. */
const makePlan = async (caller: Caller, record: ImportRecord): Promise<{ planId: string; rows: PlannedRow[]; counts: ImportCounts }> => {
  if (record.status === 'running') throw new DomainError('conflict', 'status: this import is running', [{ path: 'status', message: 'is running', code: 'conflict.in_progress' }]);
  const mapping = requireMapping(record);
  const clinic = await getClinic(caller.tenantId, record.clinicId);
  if (!clinic) throw notFound('import');
  const today = localDay(new Date(), clinic.timeZone);
  const columns = resolveColumns(record.headers, mapping);
  const rows = (await readAllRows(caller.tenantId, record.importId)).flat();
  const parsed = rows.map((row) => parseRow(row, columns, today));
  const phones = [...new Set(parsed.flatMap((p) => (p.ok ? [p.person.phone] : [])))];
  const people = await findClinicPeople(caller.tenantId, record.clinicId, phones);
  const plan = planImport(parsed, people.byPerson, newId, { phoneOwners: people.byPhone });
  const planId = newId();
  const createdAt = new Date().toISOString();
  await savePlanChunks(caller.tenantId, record.importId, planId, splitByChunks(plan.rows, record.chunkRowCounts));
  await recordPlan(caller.tenantId, record.importId, { planId, createdAt, mappingKey: mappingKey(mapping), counts: plan.counts });
  logger.info('import planned', { tenantId: caller.tenantId, importId: record.importId, planId, ...plan.counts });
  return { planId, rows: plan.rows, counts: plan.counts };
};

export const dryRunImport = async (caller: Caller, importId: string): Promise<ImportDryRun> => {
  const record = await readImport(caller, importId);
  const plan = await makePlan(caller, record);
  const more = plan.rows.length > firstReportRows;
  return {
    planId: plan.planId,
    ...(record.sheetName ? { sheetName: record.sheetName } : {}),
    ...(record.sheets ? { sheets: record.sheets } : {}),
    counts: plan.counts,
    items: plan.rows.slice(0, firstReportRows).map(reportRow),
    ...(more ? { cursor: String(firstReportRows) } : {}),
  };
};

/** The latest plan's report, a page at a time; `cursor` is the position in the file's rows. */
export const readImportReport = async (
  caller: Caller,
  importId: string,
  query: { status?: ImportRowStatus; limit: number; cursor?: string },
): Promise<ImportReportPage> => {
  const record = await readImport(caller, importId);
  if (!record.planId || !record.planCounts) throw invalid('importId', 'has no dry run yet: POST /imports/{importId}/dry-run first', { code: 'import.no_dry_run' });
  const start = query.cursor ? Number(query.cursor) : 0;
  if (start > record.rowCount) throw invalid('cursor', 'is past the end of the report', { code: 'cursor.invalid' });
  const items: ReturnType<typeof reportRow>[] = [];
  let chunkStart = 0;
  let position = start;
  for (const [chunk, size] of record.chunkRowCounts.entries()) {
    if (items.length >= query.limit) break;
    if (chunkStart + size <= position) {
      chunkStart += size;
      continue;
    }
    const rows = (await readPlanChunks(caller.tenantId, importId, record.planId, [chunk])).get(chunk) ?? [];
    for (let i = position - chunkStart; i < rows.length && items.length < query.limit; i++) {
      const row = rows[i];
      position = chunkStart + i + 1;
      if (row && (!query.status || row.status === query.status)) items.push(reportRow(row));
    }
    if (items.length < query.limit) position = chunkStart + size;
    chunkStart += size;
  }
  return { counts: record.planCounts, items, ...(position < record.rowCount ? { cursor: String(position) } : {}) };
};

const putChunkEvent = (detail: ImportChunkDetail) => putEvent({ source: importChunkEvent.source, detailType: importChunkEvent.detailType, detail });

/**
 * Starts the import: carries out the dry run's plan when it is fresh and unchanged, else plans
 * again (so a run after a completed run merges everything and creates nothing twice). A failed
 * run resumes from its last finished chunk.
 */
export const startImportRun = async (caller: Caller, importId: string): Promise<ImportRunStart> => {
  const record = await readImport(caller, importId);
  // A run whose heartbeat (updatedAt, written as each chunk starts and ends) stopped was cut off
  // by a crash: continue it from its last finished chunk instead of answering 409 for ever.
  if (record.status === 'running' && record.runId && importRunStalled(record, new Date())) {
    const chunk = record.chunksDone ?? 0;
    await putChunkEvent({ tenantId: caller.tenantId, importId, runId: record.runId, chunk });
    logger.info('stalled import continued', { tenantId: caller.tenantId, importId, runId: record.runId, chunk });
    return { importId, runId: record.runId, status: 'running', resumed: true, counts: record.planCounts ?? { rows: record.rowCount, created: 0, merged: 0, rejected: 0, visits: 0 } };
  }
  if (record.status === 'running') {
    throw new DomainError('conflict', 'status: this import is running already; GET /imports/{importId} shows its progress', [{ path: 'status', message: 'is running', code: 'conflict.in_progress' }]);
  }
  requireMapping(record);
  const now = new Date().toISOString();
  if (record.status === 'failed' && record.runId && record.runPlanId && (record.chunksDone ?? 0) < record.chunkRowCounts.length) {
    await resumeRun(caller.tenantId, importId, record.runId, now);
    await putChunkEvent({ tenantId: caller.tenantId, importId, runId: record.runId, chunk: record.chunksDone ?? 0 });
    logger.info('import resumed', { tenantId: caller.tenantId, importId, runId: record.runId, chunk: record.chunksDone ?? 0 });
    return { importId, runId: record.runId, status: 'running', resumed: true, counts: record.planCounts ?? { rows: record.rowCount, created: 0, merged: 0, rejected: 0, visits: 0 } };
  }
  const fresh =
    record.planId &&
    record.planCounts &&
    record.planExecuted === false &&
    record.planMappingKey === mappingKey(record.mapping ?? {}) &&
    Date.now() - Date.parse(record.planCreatedAt ?? '') <= planReuseMs;
  const plan = fresh && record.planId && record.planCounts ? { planId: record.planId, counts: record.planCounts } : await makePlan(caller, record);
  const runId = newId();
  await startRun(caller.tenantId, importId, { runId, planId: plan.planId, now });
  try {
    await putChunkEvent({ tenantId: caller.tenantId, importId, runId, chunk: 0 });
  } catch (error) {
    await markRunFailed(caller.tenantId, importId, runId, 'could not start: the event bus refused the first chunk; start the import again', now);
    throw error;
  }
  logger.info('import started', { tenantId: caller.tenantId, importId, runId, planId: plan.planId, chunks: record.chunkRowCounts.length });
  return { importId, runId, status: 'running', resumed: false, counts: plan.counts };
};
