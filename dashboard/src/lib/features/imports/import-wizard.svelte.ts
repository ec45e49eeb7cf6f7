/**
 * The import wizard: upload → column mapping → dry run → run with progress. Each step is the
 * server's answer to the one before; the browser only checks what it can check alone (file type
 * and size, a mapping that names name and phone once).
 */
import {
  importFields,
  maxImportFileBytes,
  multiColumnFields,
  requiredImportFields,
  type ImportField,
} from '$shared/schemas/imports';
import type { SmileloopApi } from '../../api/smileloop-api';
import type { ColumnMapping, ImportCounts, ImportReportRow, ImportUploadResult, ImportView } from '../../api/types';
import { FieldErrors } from '../../forms/field-errors.svelte';
import { readAsBase64 } from './read-file';

export type WizardStep = 'file' | 'mapping' | 'report' | 'run';
export type FileProblem = { kind: 'none' } | { kind: 'type' } | { kind: 'size'; bytes: number };
export type MappingProblem = { kind: 'missing'; field: ImportField } | { kind: 'duplicate'; field: ImportField; column: string; header: string };

export { importFields };

export const mappingProblems = (headers: readonly string[], mapping: ColumnMapping): MappingProblem[] => {
  const problems: MappingProblem[] = [];
  const first = new Map<ImportField, string>();
  for (const header of headers) {
    const field = mapping[header];
    if (!field || field === 'ignore' || multiColumnFields.includes(field)) continue;
    const other = first.get(field);
    if (other) problems.push({ kind: 'duplicate', field, column: other, header });
    else first.set(field, header);
  }
  for (const field of requiredImportFields) if (!first.has(field)) problems.push({ kind: 'missing', field });
  return problems;
};

const pollMs = 1000;
const reportPage = 100;

export class ImportWizard {
  readonly #api: SmileloopApi;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  step = $state<WizardStep>('file');
  clinicId = $state('');
  file = $state<File | null>(null);
  fileProblem = $state<FileProblem>({ kind: 'none' });
  upload = $state<ImportUploadResult | null>(null);
  fileName = $state('');
  mapping = $state<ColumnMapping>({});
  counts = $state<ImportCounts | null>(null);
  rejected = $state<ImportReportRow[]>([]);
  others = $state<ImportReportRow[]>([]);
  reportCursor = $state<string | undefined>(undefined);
  view = $state<ImportView | null>(null);
  busy = $state(false);
  failure = $state<unknown>(null);
  errors = new FieldErrors();

  constructor(api: SmileloopApi, clinicId: string) {
    this.#api = api;
    this.clinicId = clinicId;
  }

  get problems(): MappingProblem[] {
    return this.upload ? mappingProblems(this.upload.headers, this.mapping) : [];
  }

  get progressPercent(): number {
    const p = this.view?.progress;
    if (!p || p.rowsTotal === 0) return this.view?.status === 'completed' ? 100 : 0;
    return Math.min(100, Math.round((p.rowsDone / p.rowsTotal) * 100));
  }

  choose(file: File | null): void {
    this.file = file;
    this.errors.clear();
    this.failure = null;
    if (!file) this.fileProblem = { kind: 'none' };
    else if (!/\.(xlsx|csv)$/i.test(file.name)) this.fileProblem = { kind: 'type' };
    else if (file.size > maxImportFileBytes) this.fileProblem = { kind: 'size', bytes: file.size };
    else this.fileProblem = { kind: 'none' };
  }

  async #step(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.failure = null;
    try {
      await work();
    } catch (error) {
      if (!this.errors.setFromApi(error)) this.failure = error;
    } finally {
      this.busy = false;
    }
  }

  /** `sheetName`: another sheet of the workbook than the one the server picked (the first that holds anything). */
  uploadFile(sheetName?: string): Promise<void> {
    const file = this.file;
    if (!file || this.fileProblem.kind !== 'none') return Promise.resolve();
    return this.#step(async () => {
      this.errors.clear();
      const contentBase64 = await readAsBase64(file);
      const result = await this.#api.uploadImport({ fileName: file.name, clinicId: this.clinicId, contentBase64, ...(sheetName ? { sheetName } : {}) });
      this.upload = result;
      this.fileName = file.name;
      this.mapping = Object.fromEntries(result.headers.map((h) => [h, result.suggestedMapping[h] ?? 'ignore']));
      this.step = 'mapping';
    });
  }

  /** PUT the mapping, then the dry run; the report shows rejected rows first. */
  dryRun(): Promise<void> {
    const upload = this.upload;
    if (!upload || this.problems.length > 0) return Promise.resolve();
    return this.#step(async () => {
      this.errors.clear();
      await this.#api.setImportMapping(upload.importId, this.mapping);
      const report = await this.#api.dryRunImport(upload.importId);
      const rejected = report.counts.rejected > 0 ? (await this.#api.importReport(upload.importId, { status: 'rejected', limit: 500 })).items : [];
      this.counts = report.counts;
      this.rejected = rejected;
      this.others = report.items.filter((r) => r.status !== 'rejected');
      this.reportCursor = report.cursor;
      this.step = 'report';
    });
  }

  loadMoreRows(): Promise<void> {
    const upload = this.upload;
    const cursor = this.reportCursor;
    if (!upload || !cursor) return Promise.resolve();
    return this.#step(async () => {
      const page = await this.#api.importReport(upload.importId, { cursor, limit: reportPage });
      this.others = [...this.others, ...page.items.filter((r) => r.status !== 'rejected')];
      this.reportCursor = page.cursor;
    });
  }

  run(): Promise<void> {
    const upload = this.upload;
    if (!upload) return Promise.resolve();
    return this.#step(async () => {
      await this.#api.runImport(upload.importId);
      this.step = 'run';
      this.view = await this.#api.getImport(upload.importId);
      this.#schedulePoll(upload.importId);
    });
  }

  #schedulePoll(importId: string): void {
    clearTimeout(this.#timer);
    if (this.#stopped || !this.view || this.view.status === 'completed' || this.view.status === 'failed') return;
    this.#timer = setTimeout(async () => {
      try {
        this.view = await this.#api.getImport(importId);
      } catch (error) {
        this.failure = error;
      }
      this.#schedulePoll(importId);
    }, pollMs);
  }

  back(step: WizardStep): void {
    this.errors.clear();
    this.failure = null;
    this.step = step;
  }

  restart(): void {
    clearTimeout(this.#timer);
    this.step = 'file';
    this.file = null;
    this.fileProblem = { kind: 'none' };
    this.upload = null;
    this.mapping = {};
    this.counts = null;
    this.rejected = [];
    this.others = [];
    this.reportCursor = undefined;
    this.view = null;
    this.errors.clear();
    this.failure = null;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}
