/**
 * Imports: one record per upload under the chain (`T#<tenant>`, `IMPORT#<importId>`: status,
 * mapping, plan and run progress), and the file's rows and each plan in chunks in the import's
 * own partition (`T#<tenant>#IMPORT#<importId>`, `ROWS#00000`, `PLAN#<planId>#00000`), so that
 * no S3 is needed and the local twin works the same. Row and plan chunks are JSON text: cheap to
 * write, and each stays far under DynamoDB's 400 KB item limit. Everything expires after 30 days
 * (the rows are patient data that served their purpose).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../../shared/domain/errors.js';
import type { PlannedRow } from '../../../shared/domain/import-plan.js';
import type { ColumnMapping, ImportCounts, ImportStatus } from '../../../shared/schemas/imports.js';
import { documentClient, tableName } from './client.js';
import { batchGetAll, batchWriteAll } from './import-batch.js';
import { importChunkLabel, importPlanEntity, importRecordEntity, importRowsEntity } from './entities/import-record.js';

export type ImportRow = {
  row: number;
  cells: string[];
  /** columns holding a formula with no saved result */
  uncomputed?: number[];
};

export type ImportRecord = {
  importId: string;
  clinicId: string;
  fileName: string;
  fileType: 'xlsx' | 'csv';
  encoding?: string;
  sheetName?: string;
  sheets?: string[];
  headerRow: number;
  headers: string[];
  sampleRows: string[][];
  suggestedMapping: ColumnMapping;
  mapping?: ColumnMapping;
  rowCount: number;
  /** rows per chunk, in order: where each chunk starts in the file */
  chunkRowCounts: number[];
  status: ImportStatus;
  /** the latest plan (dry run, or the one a run carries out) */
  planId?: string;
  planCreatedAt?: string;
  planMappingKey?: string;
  planCounts?: ImportCounts;
  planExecuted?: boolean;
  runId?: string;
  runPlanId?: string;
  runStartedAt?: string;
  runFinishedAt?: string;
  chunksDone?: number;
  rowsDone?: number;
  createdCount?: number;
  mergedCount?: number;
  rejectedCount?: number;
  visitsCreated?: number;
  chunkFailures?: number;
  /** attempts at the current chunk: more than one means an earlier attempt may have written part of it */
  chunkStarts?: number;
  lastError?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

const retentionSeconds = 30 * 24 * 3600;
const expiresAt = () => Math.floor(Date.now() / 1000) + retentionSeconds;

const recordOf = (item: Record<string, unknown>): ImportRecord => importRecordEntity.fromItem<ImportRecord>(item);

const conflictWhileRunning = () =>
  new DomainError('conflict', 'status: this import is running; wait until it has finished (GET /imports/{importId} shows its progress)', [
    { path: 'status', message: 'is running', code: 'conflict.in_progress' },
  ]);

/** Rows first, then the record: a failure part-way leaves no visible import, only rows that expire. */
export const createImport = async (tenantId: string, record: ImportRecord, chunks: ImportRow[][]): Promise<void> => {
  const expiry = expiresAt();
  await batchWriteAll(
    chunks.map((rows, chunk) => ({ ...importRowsEntity.key({ tenantId, importId: record.importId, chunk: importChunkLabel(chunk) }), type: 'import-rows', rows: JSON.stringify(rows.map((r) => (r.uncomputed?.length ? [r.row, r.cells, r.uncomputed] : [r.row, r.cells]))), expiresAt: expiry })),
  );
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...importRecordEntity.key({ tenantId, importId: record.importId }), type: 'import', tenantId, ...record, expiresAt: expiry },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

export const getImport = async (tenantId: string, importId: string): Promise<ImportRecord | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: importRecordEntity.key({ tenantId, importId }), ConsistentRead: true }));
  return Item ? recordOf(Item) : undefined;
};

export const listImports = async (tenantId: string, limit: number): Promise<ImportRecord[]> => {
  const { pk, skPrefix } = importRecordEntity.range({ tenantId });
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map(recordOf);
};

/** Changes an import that is not running; throws a 409 when it is. */
const updateUnlessRunning = async (tenantId: string, importId: string, sets: Record<string, unknown>, removes: string[] = []): Promise<ImportRecord> => {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':running': 'running' };
  const setParts = Object.entries(sets).map(([field, value], i) => {
    names[`#s${i}`] = field;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removeParts = removes.map((field, i) => {
    names[`#r${i}`] = field;
    return `#r${i}`;
  });
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: importRecordEntity.key({ tenantId, importId }),
        UpdateExpression: [`SET ${setParts.join(', ')}`, removeParts.length ? `REMOVE ${removeParts.join(', ')}` : ''].filter(Boolean).join(' '),
        ConditionExpression: 'attribute_exists(pk) AND #status <> :running',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return recordOf(Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw conflictWhileRunning();
    throw error;
  }
};

export const saveMapping = (tenantId: string, importId: string, mapping: ColumnMapping, now: string): Promise<ImportRecord> =>
  updateUnlessRunning(tenantId, importId, { mapping, status: 'uploaded', updatedAt: now });

export const readAllRows = async (tenantId: string, importId: string): Promise<ImportRow[][]> => {
  const chunks: ImportRow[][] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': importRowsEntity.pk.fill({ tenantId, importId }), ':prefix': importRowsEntity.sk.prefix() },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) chunks.push(rowsOf(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return chunks;
};

const rowsOf = (item: Record<string, unknown>): ImportRow[] =>
  (JSON.parse(String(item.rows)) as [number, string[], number[]?][]).map(([row, cells, uncomputed]) => ({ row, cells, ...(uncomputed ? { uncomputed } : {}) }));

export const readRowsChunk = async (tenantId: string, importId: string, chunk: number): Promise<ImportRow[]> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: importRowsEntity.key({ tenantId, importId, chunk: importChunkLabel(chunk) }), ConsistentRead: true }));
  if (!Item) throw new Error(`import ${importId}: rows chunk ${chunk} is missing`);
  return rowsOf(Item);
};

export const savePlanChunks = async (tenantId: string, importId: string, planId: string, chunks: PlannedRow[][]): Promise<void> => {
  const expiry = expiresAt();
  await batchWriteAll(chunks.map((rows, chunk) => ({ ...importPlanEntity.key({ tenantId, importId, planId, chunk: importChunkLabel(chunk) }), type: 'import-plan', planId, rows: JSON.stringify(rows), expiresAt: expiry })));
};

export const readPlanChunks = async (tenantId: string, importId: string, planId: string, chunks: number[]): Promise<Map<number, PlannedRow[]>> => {
  const found = await batchGetAll(chunks.map((c) => importPlanEntity.key({ tenantId, importId, planId, chunk: importChunkLabel(c) })));
  const out = new Map<number, PlannedRow[]>();
  for (const chunk of chunks) {
    const key = importPlanEntity.key({ tenantId, importId, planId, chunk: importChunkLabel(chunk) });
    const item = found.get(`${key.pk}|${key.sk}`);
    if (!item) throw new Error(`import ${importId}: plan chunk ${chunk} is missing`);
    out.set(chunk, JSON.parse(String(item.rows)) as PlannedRow[]);
  }
  return out;
};

export const recordPlan = (
  tenantId: string,
  importId: string,
  plan: { planId: string; createdAt: string; mappingKey: string; counts: ImportCounts },
): Promise<ImportRecord> =>
  updateUnlessRunning(tenantId, importId, {
    planId: plan.planId,
    planCreatedAt: plan.createdAt,
    planMappingKey: plan.mappingKey,
    planCounts: plan.counts,
    planExecuted: false,
    status: 'planned',
    updatedAt: plan.createdAt,
  });

/**
 * Starts a run of plan `planId` unless one is running; with `planId` unexecuted when reusing a
 * dry run's plan, so two clicks on "import" cannot carry out one plan twice.
 */
export const startRun = async (tenantId: string, importId: string, run: { runId: string; planId: string; now: string }): Promise<void> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: importRecordEntity.key({ tenantId, importId }),
        UpdateExpression:
          'SET #status = :running, runId = :runId, runPlanId = :planId, runStartedAt = :now, chunksDone = :zero, rowsDone = :zero, createdCount = :zero, ' +
          'mergedCount = :zero, rejectedCount = :zero, visitsCreated = :zero, chunkFailures = :zero, chunkStarts = :zero, planExecuted = :true, updatedAt = :now REMOVE runFinishedAt, lastError',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :running AND planId = :planId AND (attribute_not_exists(planExecuted) OR planExecuted = :false)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': 'running', ':runId': run.runId, ':planId': run.planId, ':now': run.now, ':zero': 0, ':true': true, ':false': false },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw conflictWhileRunning();
    throw error;
  }
};

/** Resumes a failed run where its last finished chunk left it. */
export const resumeRun = async (tenantId: string, importId: string, runId: string, now: string): Promise<void> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: importRecordEntity.key({ tenantId, importId }),
        UpdateExpression: 'SET #status = :running, chunkFailures = :zero, updatedAt = :now REMOVE lastError',
        ConditionExpression: '#status = :failed AND runId = :runId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': 'running', ':failed': 'failed', ':runId': runId, ':zero': 0, ':now': now },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw conflictWhileRunning();
    throw error;
  }
};

/**
 * Counts an attempt at chunk `chunk` of run `runId` when it is the run's next chunk; returns the
 * record and the attempt number (above 1: an earlier attempt or a duplicate delivery may have
 * written part of the chunk). Undefined when the chunk is not the next one of a running run.
 */
export const beginChunk = async (tenantId: string, importId: string, runId: string, chunk: number): Promise<{ record: ImportRecord; attempt: number } | undefined> => {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: importRecordEntity.key({ tenantId, importId }),
        // updatedAt is the run's heartbeat: a run quiet for longer than a chunk can take was cut off.
        UpdateExpression: 'SET chunkStarts = if_not_exists(chunkStarts, :zero) + :one, updatedAt = :now',
        ConditionExpression: 'runId = :runId AND chunksDone = :chunk AND #status = :running',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':runId': runId, ':chunk': chunk, ':running': 'running', ':now': new Date().toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const record = recordOf(Attributes ?? {});
    return { record, attempt: record.chunkStarts ?? 1 };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
};

export type ChunkTally = { rows: number; created: number; merged: number; rejected: number; visitsCreated: number };

/**
 * Marks chunk `chunk` of run `runId` done, adding its tally, in one conditional write: only the
 * first of two deliveries of the same chunk counts. Returns false when it was already counted.
 */
export const checkpointChunk = async (
  tenantId: string,
  importId: string,
  progress: { runId: string; chunk: number; tally: ChunkTally; last: boolean; now: string },
): Promise<boolean> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: importRecordEntity.key({ tenantId, importId }),
        UpdateExpression:
          'SET chunksDone = :next, rowsDone = rowsDone + :rows, createdCount = createdCount + :created, mergedCount = mergedCount + :merged, ' +
          'rejectedCount = rejectedCount + :rejected, visitsCreated = visitsCreated + :visits, chunkFailures = :zero, chunkStarts = :zero, updatedAt = :now' +
          (progress.last ? ', #status = :completed, runFinishedAt = :now' : '') +
          ' REMOVE lastError',
        ConditionExpression: 'runId = :runId AND chunksDone = :chunk AND #status = :running',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':next': progress.chunk + 1,
          ':chunk': progress.chunk,
          ':runId': progress.runId,
          ':running': 'running',
          ':rows': progress.tally.rows,
          ':created': progress.tally.created,
          ':merged': progress.tally.merged,
          ':rejected': progress.tally.rejected,
          ':visits': progress.tally.visitsCreated,
          ':zero': 0,
          ':now': progress.now,
          ...(progress.last ? { ':completed': 'completed' } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/**
 * Counts a failed attempt at a chunk. After `maxFailures` the run is marked failed (POST run
 * resumes it). The message holds an error name and text from our code or the SDK, never row data.
 */
export const recordChunkFailure = async (
  tenantId: string,
  importId: string,
  failure: { runId: string; chunk: number; message: string; maxFailures: number; now: string },
): Promise<{ failed: boolean }> => {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: importRecordEntity.key({ tenantId, importId }),
        UpdateExpression: 'SET chunkFailures = chunkFailures + :one, lastError = :message, updatedAt = :now',
        ConditionExpression: 'runId = :runId AND chunksDone = :chunk AND #status = :running',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':message': failure.message.slice(0, 300), ':now': failure.now, ':runId': failure.runId, ':chunk': failure.chunk, ':running': 'running' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    if (Number(Attributes?.chunkFailures ?? 0) < failure.maxFailures) return { failed: false };
    await markRunFailed(tenantId, importId, failure.runId, failure.message, failure.now);
    return { failed: true };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { failed: false };
    throw error;
  }
};

export const markRunFailed = async (tenantId: string, importId: string, runId: string, message: string, now: string): Promise<void> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: importRecordEntity.key({ tenantId, importId }),
        UpdateExpression: 'SET #status = :failed, lastError = :message, updatedAt = :now',
        ConditionExpression: 'runId = :runId AND #status = :running',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed', ':message': message.slice(0, 300), ':now': now, ':runId': runId, ':running': 'running' },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};
