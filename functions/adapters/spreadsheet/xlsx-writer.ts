/**
 * Writes a one-sheet .xlsx that Excel and WPS open without complaint: a bold, frozen, filterable
 * header row, text as inline strings (so phones never turn into 1.38E+10 and "=…" is never a
 * formula), dates as real dates (yyyy-mm-dd), yuan with two decimals. Zipped with fflate.
 */
import { strToU8, zipSync } from 'fflate';
import { isoDateToExcelSerial } from '../../../shared/domain/import-dates.js';
import { columnLetters } from '../../../shared/domain/import-headers.js';
import { escapeXmlText } from './xml-text.js';

export type SheetColumn = {
  header: string;
  /** text; date ('YYYY-MM-DD'); integer; yuan (given in integer fen, shown as yuan.fen) */
  kind: 'text' | 'date' | 'integer' | 'yuan';
  /** in characters */
  width?: number;
};
export type CellValue = string | number | null | undefined;

const mainNs = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relNs = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const pkgRelNs = 'http://schemas.openxmlformats.org/package/2006/relationships';
const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Style indexes in styles.xml below. */
const style = { date: 1, yuan: 2, header: 3 } as const;

const stylesXml = `${xmlHead}<styleSheet xmlns="${mainNs}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

const inlineString = (ref: string, value: string, styleIndex?: number): string => {
  const escaped = escapeXmlText(value);
  const preserve = /^\s|\s$|\n/.test(value) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${styleIndex ? ` s="${styleIndex}"` : ''} t="inlineStr"><is><t${preserve}>${escaped}</t></is></c>`;
};

const cellXml = (column: SheetColumn, ref: string, value: CellValue): string => {
  if (value === null || value === undefined || value === '') return '';
  switch (column.kind) {
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `<c r="${ref}" s="${style.date}"><v>${isoDateToExcelSerial(value)}</v></c>` : inlineString(ref, String(value));
    case 'yuan':
      return typeof value === 'number' && Number.isSafeInteger(value) ? `<c r="${ref}" s="${style.yuan}"><v>${(value / 100).toFixed(2)}</v></c>` : inlineString(ref, String(value));
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? `<c r="${ref}"><v>${value}</v></c>` : inlineString(ref, String(value));
    default:
      return inlineString(ref, String(value));
  }
};

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
const safeSheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Sheet1';

export const writeXlsx = (sheetName: string, columns: readonly SheetColumn[], rows: readonly (readonly CellValue[])[]): Uint8Array => {
  const letters = columns.map((_, i) => columnLetters(i));
  const lastColumn = letters[letters.length - 1] ?? 'A';
  const parts: string[] = [];
  parts.push(`<row r="1">${columns.map((c, i) => inlineString(`${letters[i]}1`, c.header, style.header)).join('')}</row>`);
  rows.forEach((row, r) => {
    const n = r + 2;
    parts.push(`<row r="${n}">${columns.map((c, i) => cellXml(c, `${letters[i]}${n}`, row[i])).join('')}</row>`);
  });
  const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? 14}" customWidth="1"/>`).join('');
  const sheetXml =
    `${xmlHead}<worksheet xmlns="${mainNs}" xmlns:r="${relNs}"><dimension ref="A1:${lastColumn}${rows.length + 1}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>${parts.join('')}</sheetData>` +
    `<autoFilter ref="A1:${lastColumn}${rows.length + 1}"/></worksheet>`;

  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `${xmlHead}<Relationships xmlns="${pkgRelNs}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `${xmlHead}<workbook xmlns="${mainNs}" xmlns:r="${relNs}"><bookViews><workbookView/></bookViews><sheets><sheet name="${escapeXmlText(safeSheetName(sheetName))}" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${escapeXmlText(safeSheetName(sheetName)).replace(/'/g, "''")}'!$A$1:$${lastColumn}$${rows.length + 1}</definedName></definedNames></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${xmlHead}<Relationships xmlns="${pkgRelNs}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(stylesXml),
    'xl/worksheets/sheet1.xml': strToU8(sheetXml),
  };
  return zipSync(files, { level: 6 });
};

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
