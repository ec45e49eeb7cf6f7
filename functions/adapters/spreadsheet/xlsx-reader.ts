/**
 * Reads one sheet of an .xlsx workbook (Excel, WPS, Numbers and most exporters) into rows of
 * text: shared strings (rich text, without phonetic guides), inline strings, formula results,
 * booleans, numbers as Excel shows them (15 significant digits) and date-styled numbers as
 * YYYY-MM-DD. The sheet asked for, else the first visible sheet that holds anything. Merged cells
 * are filled down (a patient's name merged over the rows of their visits belongs to each row);
 * a formula with no saved result is reported as such, not read as blank. Scans the XML by hand:
 * exceljs would put about 1 MB into a Lambda bundle that must stay under 300 KB.
 *
 * The sheet is inflated as a stream while its rows and cells are counted, so a small file that
 * expands to a million rows is refused after a few megabytes, within a Lambda's memory and time.
 */
import { excelSerialToIsoDate } from '../../../shared/domain/import-dates.js';
import { attributesOf, decodeXmlText, stringItemText } from './xml-text.js';
import { inflateEntry, zipEntries, ZipFormatError, type ZipEntry } from './zip-entries.js';

export type SheetRow = {
  row: number;
  cells: string[];
  /** zero-based columns holding a formula with no saved result (the file was never recalculated) */
  uncomputed?: number[];
};
export type ReadSheet = { sheetName: string; sheets: string[]; rows: SheetRow[] };

export type SpreadsheetErrorReason = 'not-xlsx' | 'too-large' | 'over-limit' | 'damaged' | 'no-such-sheet';

export class SpreadsheetError extends Error {
  constructor(readonly reason: SpreadsheetErrorReason, message: string) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

/** What the XML of one workbook may expand to; a 4 MB upload of real data stays far below it. */
export const maxExpandedBytes = 96 * 1024 * 1024;
/** Columns past this are dropped: a patient archive has a few dozen. */
export const maxColumns = 256;
/** Rows of one sheet: the 100,000 rows an import takes, plus title, header and footer lines. */
export const maxSheetRows = 101_000;
/** Cells of one sheet (100,000 rows of 50 columns), counted before any is read. */
export const maxSheetCells = 5_000_000;

type Budget = { left: number };

const spend = (budget: Budget, bytes: number) => {
  budget.left -= bytes;
  if (budget.left < 0) throw new SpreadsheetError('too-large', `the workbook expands to more than ${maxExpandedBytes / 1024 / 1024} MB`);
};

const inflateText = (bytes: Uint8Array, entry: ZipEntry, budget: Budget, onText?: (text: string) => void): string => {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  inflateEntry(bytes, entry, (chunk) => {
    spend(budget, chunk.length);
    const text = decoder.decode(chunk, { stream: true });
    onText?.(text);
    parts.push(text);
  });
  parts.push(decoder.decode());
  return parts.join('');
};

/** Counts `<row` and `<c` start tags as the text streams by; throws past the limits. */
const sheetCounter = () => {
  let rows = 0;
  let cells = 0;
  let tail = '';
  return (text: string) => {
    const scan = tail + text;
    for (const m of scan.matchAll(/<(?:\w+:)?(row|c)[\s>/]/g)) {
      if (m.index + m[0].length <= tail.length) continue;
      if (m[1] === 'row') rows++;
      else cells++;
    }
    tail = scan.slice(-32);
    if (rows > maxSheetRows) throw new SpreadsheetError('over-limit', `the sheet has more than ${maxSheetRows.toLocaleString('en')} rows (the limit)`);
    if (cells > maxSheetCells) throw new SpreadsheetError('over-limit', `the sheet has more than ${maxSheetCells.toLocaleString('en')} cells (the limit)`);
  };
};

type Archive = { bytes: Uint8Array; entries: Map<string, ZipEntry>; budget: Budget };

const openArchive = (bytes: Uint8Array): Archive => {
  try {
    return { bytes, entries: new Map(zipEntries(bytes).map((e) => [e.name, e])), budget: { left: maxExpandedBytes } };
  } catch (error) {
    if (error instanceof ZipFormatError) throw new SpreadsheetError('damaged', 'the file is a damaged or unsupported zip archive');
    throw error;
  }
};

const text = (archive: Archive, name: string, onText?: (text: string) => void): string | undefined => {
  const entry = archive.entries.get(name);
  if (!entry) return undefined;
  try {
    return inflateText(archive.bytes, entry, archive.budget, onText);
  } catch (error) {
    if (error instanceof ZipFormatError) throw new SpreadsheetError('damaged', 'the file is a damaged or unsupported zip archive');
    throw error;
  }
};

/** Built-in number formats that are dates: 14–22, 27–36 and 50–58 (the CJK ones), 45–47 are times. */
const builtInDateFormats = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

const isDateFormatCode = (code: string): boolean => {
  const bare = (code.split(';')[0] ?? '').replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  // y or d make a date; m alone is a month unless hours or seconds make it minutes.
  return /[dy]/i.test(bare) || (/m/i.test(bare) && !/[hs]/i.test(bare));
};

/** Which cell style indexes (the `s` attribute) display numbers as dates. */
const dateStyles = (stylesXml: string | undefined): Set<number> => {
  const out = new Set<number>();
  if (!stylesXml) return out;
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<(?:\w+:)?numFmt\b([^>]*?)\/?>/g)) {
    const attrs = attributesOf(m[1] ?? '');
    if (attrs.numFmtId && attrs.formatCode !== undefined) custom.set(Number(attrs.numFmtId), attrs.formatCode);
  }
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  let index = 0;
  for (const m of cellXfs.matchAll(/<(?:\w+:)?xf\b([^>]*?)(?:\/>|>)/g)) {
    const id = Number(attributesOf(m[1] ?? '').numFmtId ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormatCode(code) : builtInDateFormats.has(id)) out.add(index);
    index++;
  }
  return out;
};

const sharedStrings = (xml: string | undefined): string[] =>
  xml ? [...xml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)].map((m) => stringItemText(m[1] ?? '')) : [];

/** Numbers as Excel displays them: 15 significant digits, so 0.1+0.2 is "0.3" and phones stay whole. */
export const excelNumberText = (raw: string): string => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) return raw.trim();
  if (Number.isInteger(n)) return Math.abs(n) <= Number.MAX_SAFE_INTEGER ? String(n) : raw.trim();
  return String(Number(n.toPrecision(15)));
};

/** "BC12" → 54 (zero-based column). */
const columnIndex = (ref: string): number => {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
};

type SheetRef = { name: string; path: string; visible: boolean };

const workbookSheets = (archive: Archive): { sheets: SheetRef[]; date1904: boolean } => {
  const workbook = text(archive, 'xl/workbook.xml');
  if (!workbook) throw new SpreadsheetError('not-xlsx', 'the zip archive holds no Excel workbook (xl/workbook.xml)');
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(workbook);
  const rels = [...(text(archive, 'xl/_rels/workbook.xml.rels') ?? '').matchAll(/<(?:\w+:)?Relationship\b([^>]*?)\/?>/g)].map((m) => attributesOf(m[1] ?? ''));
  const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)].map((m, i): SheetRef => {
    const sheet = attributesOf(m[1] ?? '');
    const relId = Object.entries(sheet).find(([k]) => k === 'id' || k.endsWith(':id'))?.[1];
    const target = rels.find((r) => r.Id === relId)?.Target ?? `worksheets/sheet${i + 1}.xml`;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    return { name: sheet.name ?? `Sheet${i + 1}`, path, visible: sheet.state !== 'hidden' && sheet.state !== 'veryHidden' };
  });
  if (sheets.length === 0) throw new SpreadsheetError('not-xlsx', 'the workbook has no sheets');
  return { sheets, date1904 };
};

type CellContext = { strings: string[]; dates: Set<number>; date1904: boolean };

/** A cell's text, or undefined for a formula that has no saved result. */
const cellText = (attrs: Record<string, string>, inner: string, ctx: CellContext): string | undefined => {
  const v = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
  if (v === undefined && attrs.t !== 'inlineStr' && /<(?:\w+:)?f[\s>/]/.test(inner)) return undefined;
  switch (attrs.t) {
    case 's':
      return ctx.strings[Number(v)] ?? '';
    case 'inlineStr':
      return stringItemText(/<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(inner)?.[1] ?? '');
    case 'str':
    case 'e':
      return decodeXmlText(v ?? '');
    case 'b':
      return v === '1' || v === 'true' ? 'TRUE' : 'FALSE';
    case 'd':
      return (v ?? '').slice(0, 10);
    default: {
      if (v === undefined) return '';
      const asDate = ctx.dates.has(Number(attrs.s ?? 0)) ? excelSerialToIsoDate(Number(v), ctx.date1904) : undefined;
      return asDate ?? excelNumberText(v);
    }
  }
};

const rowOf = (rowNumber: number, rowXml: string, ctx: CellContext): SheetRow | undefined => {
  const cells: string[] = [];
  const uncomputed: number[] = [];
  let nextColumn = 0;
  for (const cellMatch of rowXml.matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
    const attrs = attributesOf(cellMatch[1] ?? '');
    const column = attrs.r ? columnIndex(attrs.r) : nextColumn;
    nextColumn = column + 1;
    if (column < 0 || column >= maxColumns) continue;
    const value = cellText(attrs, cellMatch[2] ?? '', ctx);
    if (value === undefined) uncomputed.push(column);
    cells[column] = value ?? '';
  }
  for (let i = 0; i < cells.length; i++) cells[i] ??= '';
  while (cells.length && (cells[cells.length - 1] ?? '').trim() === '') cells.pop();
  if (!cells.length && !uncomputed.length) return undefined;
  return { row: rowNumber, cells, ...(uncomputed.length ? { uncomputed } : {}) };
};

const sheetRows = (sheetXml: string, ctx: CellContext): SheetRow[] => {
  const rows: SheetRow[] = [];
  let nextRow = 1;
  for (const rowMatch of sheetXml.matchAll(/<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
    const rowAttrs = attributesOf(rowMatch[1] ?? '');
    const rowNumber = rowAttrs.r ? Number(rowAttrs.r) : nextRow;
    nextRow = rowNumber + 1;
    const row = rowOf(rowNumber, rowMatch[2] ?? '', ctx);
    if (row) rows.push(row);
  }
  return rows;
};

/** "B3" → { row: 3, column: 1 }. */
const cellRef = (ref: string): { row: number; column: number } | undefined => {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(ref.trim());
  return m ? { row: Number(m[2]), column: columnIndex(m[1] ?? '') } : undefined;
};

/**
 * Fills each merged range's value down its first column, to the last row the sheet has (a range
 * reaching row 1,048,576 makes no rows of its own). Only blank cells are filled.
 */
export const fillMergedCells = (rows: SheetRow[], sheetXml: string): SheetRow[] => {
  const at = sheetXml.search(/<(?:\w+:)?mergeCells\b/);
  if (at < 0 || rows.length === 0) return rows;
  const byRow = new Map(rows.map((r) => [r.row, r]));
  const lastRow = Math.max(...byRow.keys());
  let filled = 0;
  for (const m of sheetXml.slice(at).matchAll(/<(?:\w+:)?mergeCell\b([^>]*?)\/?>/g)) {
    const [from, to] = (attributesOf(m[1] ?? '').ref ?? '').split(':').map(cellRef);
    if (!from || !to || from.column >= maxColumns) continue;
    const value = byRow.get(from.row)?.cells[from.column] ?? '';
    if (value.trim() === '') continue;
    for (let r = from.row + 1; r <= Math.min(to.row, lastRow); r++) {
      let row = byRow.get(r);
      if (!row) byRow.set(r, (row = { row: r, cells: [] }));
      if ((row.cells[from.column] ?? '').trim() !== '') continue;
      for (let i = row.cells.length; i < from.column; i++) row.cells[i] = '';
      row.cells[from.column] = value;
      if (++filled > maxSheetCells) throw new SpreadsheetError('over-limit', `the sheet's merged cells cover more than ${maxSheetCells.toLocaleString('en')} cells (the limit)`);
    }
  }
  return [...byRow.values()].sort((a, b) => a.row - b.row);
};

const readSheet = (archive: Archive, sheet: SheetRef, ctx: CellContext): SheetRow[] => {
  const sheetXml = text(archive, sheet.path, sheetCounter());
  if (sheetXml === undefined) throw new SpreadsheetError('damaged', `the workbook names a sheet (${sheet.path}) that is not in the file`);
  return fillMergedCells(sheetRows(sheetXml, ctx), sheetXml);
};

/**
 * The sheet named `sheetName` (visible or not), else the first visible sheet with any cell in
 * it. `sheets` lists the visible sheets, for the person to choose from.
 */
export const readXlsx = (bytes: Uint8Array, options: { sheetName?: string } = {}): ReadSheet => {
  const archive = openArchive(bytes);
  const { sheets, date1904 } = workbookSheets(archive);
  const visible = sheets.filter((s) => s.visible);
  const names = (visible.length ? visible : sheets).map((s) => s.name);
  const ctx: CellContext = { strings: sharedStrings(text(archive, 'xl/sharedStrings.xml')), dates: dateStyles(text(archive, 'xl/styles.xml')), date1904 };
  if (options.sheetName !== undefined) {
    const wanted = options.sheetName.trim();
    const sheet = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.trim().toLowerCase() === wanted.toLowerCase());
    if (!sheet) throw new SpreadsheetError('no-such-sheet', `has no sheet named "${wanted.slice(0, 40)}" (its sheets: ${names.join(', ')})`);
    return { sheetName: sheet.name, sheets: names, rows: readSheet(archive, sheet, ctx) };
  }
  const candidates = visible.length ? visible : sheets.slice(0, 1);
  let first: { sheet: SheetRef; rows: SheetRow[] } | undefined;
  for (const sheet of candidates) {
    const rows = readSheet(archive, sheet, ctx);
    if (rows.length) return { sheetName: sheet.name, sheets: names, rows };
    first ??= { sheet, rows };
  }
  const fallback = first ?? { sheet: sheets[0] as SheetRef, rows: [] };
  return { sheetName: fallback.sheet.name, sheets: names, rows: fallback.rows };
};
