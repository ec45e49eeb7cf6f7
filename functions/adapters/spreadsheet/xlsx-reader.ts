/**
 * Reads the first visible sheet of an .xlsx workbook (Excel, WPS, Numbers and most exporters)
 * into rows of text: shared strings (rich text, without phonetic guides), inline strings,
 * formula results, booleans, numbers as Excel shows them (15 significant digits) and date-styled
 * numbers as YYYY-MM-DD. Unzips with fflate and scans the XML by hand: exceljs would put about
 * 1 MB into a Lambda bundle that must stay under 300 KB.
 */
import { strFromU8, unzipSync, type UnzipFileInfo } from 'fflate';
import { excelSerialToIsoDate } from '../../../shared/domain/import-dates.js';
import { attributesOf, decodeXmlText, stringItemText } from './xml-text.js';

export type SheetRow = { row: number; cells: string[] };
export type ReadSheet = { sheetName: string; rows: SheetRow[] };

export class SpreadsheetError extends Error {
  constructor(readonly reason: 'not-xlsx' | 'too-large' | 'damaged', message: string) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

/** What the XML of one workbook may expand to; a 4 MB upload of real data stays far below it. */
export const maxExpandedBytes = 96 * 1024 * 1024;
/** Columns past this are dropped: a patient archive has a few dozen. */
export const maxColumns = 256;

const unzipSome = (bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> => {
  let expanded = 0;
  try {
    return unzipSync(bytes, {
      filter: (file: UnzipFileInfo) => {
        if (!wanted(file.name)) return false;
        expanded += file.originalSize;
        if (expanded > maxExpandedBytes) throw new SpreadsheetError('too-large', `the workbook expands to more than ${maxExpandedBytes / 1024 / 1024} MB`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof SpreadsheetError) throw error;
    throw new SpreadsheetError('damaged', 'the file is a damaged or unsupported zip archive');
  }
};

const text = (files: Record<string, Uint8Array>, name: string): string | undefined => {
  const file = files[name];
  return file ? strFromU8(file) : undefined;
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

const firstSheetPath = (files: Record<string, Uint8Array>): { name: string; path: string; date1904: boolean } => {
  const workbook = text(files, 'xl/workbook.xml');
  if (!workbook) throw new SpreadsheetError('not-xlsx', 'the zip archive holds no Excel workbook (xl/workbook.xml)');
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(workbook);
  const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)].map((m) => attributesOf(m[1] ?? ''));
  const sheet = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0];
  if (!sheet) throw new SpreadsheetError('not-xlsx', 'the workbook has no sheets');
  const relId = Object.entries(sheet).find(([k]) => k === 'id' || k.endsWith(':id'))?.[1];
  const rels = text(files, 'xl/_rels/workbook.xml.rels') ?? '';
  const rel = [...rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*?)\/?>/g)].map((m) => attributesOf(m[1] ?? '')).find((r) => r.Id === relId);
  const target = rel?.Target ?? 'worksheets/sheet1.xml';
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  return { name: sheet.name ?? 'Sheet1', path, date1904 };
};

export const readXlsx = (bytes: Uint8Array): ReadSheet => {
  const index = unzipSome(bytes, (name) => name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels');
  const sheet = firstSheetPath(index);
  const files = unzipSome(bytes, (name) => name === sheet.path || name === 'xl/sharedStrings.xml' || name === 'xl/styles.xml');
  const sheetXml = text(files, sheet.path);
  if (sheetXml === undefined) throw new SpreadsheetError('damaged', `the workbook names a sheet (${sheet.path}) that is not in the file`);
  const strings = sharedStrings(text(files, 'xl/sharedStrings.xml'));
  const dates = dateStyles(text(files, 'xl/styles.xml'));

  const rows: SheetRow[] = [];
  let nextRow = 1;
  for (const rowMatch of sheetXml.matchAll(/<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
    const rowAttrs = attributesOf(rowMatch[1] ?? '');
    const rowNumber = rowAttrs.r ? Number(rowAttrs.r) : nextRow;
    nextRow = rowNumber + 1;
    const cells: string[] = [];
    let nextColumn = 0;
    for (const cellMatch of (rowMatch[2] ?? '').matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
      const attrs = attributesOf(cellMatch[1] ?? '');
      const column = attrs.r ? columnIndex(attrs.r) : nextColumn;
      nextColumn = column + 1;
      if (column < 0 || column >= maxColumns) continue;
      const inner = cellMatch[2] ?? '';
      const v = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
      let value: string;
      switch (attrs.t) {
        case 's':
          value = strings[Number(v)] ?? '';
          break;
        case 'inlineStr':
          value = stringItemText(/<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(inner)?.[1] ?? '');
          break;
        case 'str':
        case 'e':
          value = decodeXmlText(v ?? '');
          break;
        case 'b':
          value = v === '1' || v === 'true' ? 'TRUE' : 'FALSE';
          break;
        case 'd':
          value = (v ?? '').slice(0, 10);
          break;
        default: {
          if (v === undefined) {
            value = '';
            break;
          }
          const asDate = dates.has(Number(attrs.s ?? 0)) ? excelSerialToIsoDate(Number(v), sheet.date1904) : undefined;
          value = asDate ?? excelNumberText(v);
        }
      }
      cells[column] = value;
    }
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    while (cells.length && (cells[cells.length - 1] ?? '').trim() === '') cells.pop();
    if (cells.length) rows.push({ row: rowNumber, cells });
  }
  return { sheetName: sheet.name, rows };
};
