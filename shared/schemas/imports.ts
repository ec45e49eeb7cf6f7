/**
 * Spreadsheet import and export: the requests the dashboard sends and the views it gets back.
 * Shared with the dashboard.
 */
import * as z from 'zod';
import { isoDateSchema, textSchema } from './common.js';
import type { FieldErrorCode, FieldErrorParams } from './error-codes.js';

/** What a column of the clinic's spreadsheet can become. */
export const importFields = [
  'name', 'gender', 'phone', 'birthDate', 'firstVisitDate', 'lastVisitDate', 'procedure', 'amount', 'channel', 'notes', 'tags',
  'careConsent', 'marketingConsent',
  /** the patient's total spend in the old system (累计消费): a lower bound of the summary's spend, not a visit */
  'totalSpend',
] as const;
export type ImportField = (typeof importFields)[number];
/** Fields that several columns may feed (their values are joined); every other field takes one column. */
export const multiColumnFields: readonly ImportField[] = ['notes', 'tags'];
export const requiredImportFields: readonly ImportField[] = ['name', 'phone'];

export type ColumnTarget = ImportField | 'ignore';
/** header → field: the column mapping, keyed by the file's (de-duplicated) header text. */
export type ColumnMapping = Record<string, ColumnTarget>;

/** The file's bytes travel base64 in JSON: API Gateway + Lambda take at most 6 MB per request. */
export const maxImportFileBytes = 4 * 1024 * 1024;

export const importUploadSchema = z.strictObject({
  fileName: textSchema()
    .min(1, { error: 'is required: the name of the file, e.g. 患者档案.xlsx' })
    .max(200, { error: 'must be at most 200 characters' }),
  clinicId: z.string({ error: 'is required' }).min(1, { error: 'is required' }).max(40),
  contentBase64: z.string({ error: 'is required: the file’s bytes, base64-encoded' }),
  /** the workbook's sheet to import; without it, the first visible sheet that holds anything */
  sheetName: z.string({ error: 'must be the name of a sheet of the workbook' }).trim().min(1, { error: 'must be the name of a sheet of the workbook' }).max(100).optional(),
});
export type ImportUpload = z.infer<typeof importUploadSchema>;

export const columnMappingSchema = z.strictObject({
  columns: z.record(
    z.string().max(200),
    z.enum([...importFields, 'ignore'], { error: `must be one of ${[...importFields, 'ignore'].join(', ')}` }),
  ),
});
export type ColumnMappingInput = z.infer<typeof columnMappingSchema>;

/**
 * `skipped`: a total or footer line (合计, 导出人…), not a patient; `needs-review`: the phone
 * belongs to a patient of the clinic with another name, so a person decides (nothing is written).
 */
export const importRowStatuses = ['created', 'merged', 'rejected', 'skipped', 'needs-review'] as const;
export type ImportRowStatus = (typeof importRowStatuses)[number];

export const importReportQuerySchema = z.strictObject({
  status: z.enum(importRowStatuses, { error: `must be one of ${importRowStatuses.join(', ')}` }).optional(),
  limit: z.coerce.number().int().min(1, { error: 'must be 1–500' }).max(500, { error: 'must be 1–500' }).default(100),
  cursor: z.string().regex(/^\d{1,7}$/, { error: 'is not a cursor this API returned' }).optional(),
});

export const exportQuerySchema = z.strictObject({
  clinicId: z.string({ error: 'is required' }).min(1, { error: 'is required' }).max(40),
  /** visits only: the clinic's calendar days, inclusive */
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});

/** A problem or warning of one row: `code` is what a program reads (error-codes.ts), `reason` what a person reads. */
export type FieldIssue = { field: ImportField | 'row'; reason: string; code: FieldErrorCode; params?: FieldErrorParams };

/** One line of a dry-run report: a row of the file and what the import does with it. */
export type ImportReportRow = {
  /** the row number as Excel shows it */
  row: number;
  status: ImportRowStatus;
  /** the patient it creates or merges into */
  patientId?: string;
  /** merged into a patient that already exists in the clinic (not one this file creates) */
  existing?: boolean;
  /** another row of this file that is the same person */
  sameAsRow?: number;
  /** the visit this row records: new, or the same visit as another row's */
  visit?: { date: string; amountFen: number; procedure?: string; sameAsRow?: number };
  /** merged rows: what of the row the patient takes, and what it leaves as it is */
  merge?: { kept: ImportField[]; ignored: ImportField[] };
  /** skipped and needs-review rows: why */
  reason?: string;
  /** needs-review rows: the clinic's patient who already has this phone */
  existingPatient?: { patientId: string; name: string };
  problems?: FieldIssue[];
  warnings?: FieldIssue[];
};

export type ImportCounts = { rows: number; created: number; merged: number; rejected: number; visits: number; skipped?: number; needsReview?: number };

export const importStatuses = ['uploaded', 'planned', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

export type ImportProgress = {
  runId: string;
  rowsDone: number;
  rowsTotal: number;
  chunksDone: number;
  chunksTotal: number;
  created: number;
  merged: number;
  rejected: number;
  visitsCreated: number;
  startedAt: string;
  finishedAt?: string;
  lastError?: string;
};

export type ImportView = {
  importId: string;
  clinicId: string;
  fileName: string;
  fileType: 'xlsx' | 'csv';
  encoding?: string;
  sheetName?: string;
  /** the workbook's visible sheets, to choose another (upload again with `sheetName`) */
  sheets?: string[];
  /** the row of the file the headers were read from (Excel numbering) */
  headerRow: number;
  headers: string[];
  sampleRows: string[][];
  rowCount: number;
  suggestedMapping: ColumnMapping;
  mapping?: ColumnMapping;
  status: ImportStatus;
  dryRun?: { planId: string; createdAt: string; counts: ImportCounts };
  progress?: ImportProgress;
  createdAt: string;
  updatedAt: string;
};

export type ImportUploadResult = Pick<ImportView, 'importId' | 'headers' | 'sampleRows' | 'suggestedMapping' | 'rowCount' | 'headerRow' | 'fileType'> & {
  encoding?: string;
  sheetName?: string;
  sheets?: string[];
};

export type ImportReportPage = { counts: ImportCounts; items: ImportReportRow[]; cursor?: string };

/** POST /imports/{importId}/dry-run: the report's first page, with the plan a run will carry out. */
export type ImportDryRun = ImportReportPage & { planId: string; sheetName?: string; sheets?: string[] };

/** POST /imports/{importId}/run (202): the run started, or the one already running resumed. */
export type ImportRunStart = { importId: string; runId: string; status: 'running'; resumed: boolean; counts: ImportCounts };
