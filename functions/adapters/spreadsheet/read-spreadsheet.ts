/**
 * An uploaded file → rows of text. The bytes decide what it is, not the name: an .xlsx is a zip
 * archive ('PK\x03\x04'); anything else must be CSV text in UTF-8 or, as Chinese Excel and WPS
 * save it, GBK/GB18030 (or UTF-16 "Unicode text"). Other files get a 400 saying what they look
 * like and how to save them properly.
 */
import Papa from 'papaparse';
import { DomainError } from '../../../shared/domain/errors.js';
import { maxColumns, readXlsx, SpreadsheetError, type SheetRow } from './xlsx-reader.js';

export type FileEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type ReadSpreadsheet = { fileType: 'xlsx' | 'csv'; encoding?: FileEncoding; sheetName?: string; sheets?: string[]; rows: SheetRow[] };
export type ReadOptions = {
  /** the sheet to read from a workbook; without it, the first visible sheet that holds anything */
  sheetName?: string;
  /** named in the refusal of a file over the limits */
  fileName?: string;
};

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

const notASpreadsheet = (what: string) =>
  new DomainError('invalid', `contentBase64: ${what}`, [
    { path: 'contentBase64', message: what, code: 'file.invalid' },
    { path: 'fileName', message: 'must be an Excel workbook (.xlsx) or a CSV file', code: 'file.invalid' },
  ]);

const saveAs = 'open it in Excel or WPS and save it as Excel 工作簿 (.xlsx) or CSV';

const sniffOther = (bytes: Uint8Array): DomainError | undefined => {
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return notASpreadsheet(`is an Excel 97–2003 (.xls) file or a password-protected workbook: ${saveAs}, without a password`);
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return notASpreadsheet('is a PDF, not a spreadsheet');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46])) {
    return notASpreadsheet('is an image, not a spreadsheet');
  }
  if (startsWith(bytes, [0x1f, 0x8b]) || startsWith(bytes, [0x52, 0x61, 0x72, 0x21]) || startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) {
    return notASpreadsheet('is a compressed archive (gz, rar or 7z): unpack it and upload the .xlsx or .csv inside');
  }
  return undefined;
};

const decode = (bytes: Uint8Array, encoding: string): string | undefined => {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
};

const decodeText = (bytes: Uint8Array): { text: string; encoding: FileEncoding } | undefined => {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const text = decode(bytes.subarray(3), 'utf-8');
    return text === undefined ? undefined : { text, encoding: 'utf-8' };
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = decode(bytes.subarray(2), encoding);
    return text === undefined ? undefined : { text, encoding };
  }
  const utf8 = decode(bytes, 'utf-8');
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const gb = decode(bytes, 'gb18030');
  return gb === undefined ? undefined : { text: gb, encoding: 'gb18030' };
};

/** Text with control characters other than tab and line breaks is a binary file, whatever it decodes to. */
const looksBinary = (text: string) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text.slice(0, 64 * 1024));

const readCsv = (text: string): SheetRow[] => {
  // Guess the delimiter on non-blank lines (blank ones confuse the guess), then parse keeping
  // blank lines so that row numbers stay those Excel shows.
  const { delimiter } = Papa.parse<string[]>(text, { preview: 50, skipEmptyLines: 'greedy', delimitersToGuess: [',', '\t', ';', '|'] }).meta;
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false, delimiter });
  const rows: SheetRow[] = [];
  parsed.data.forEach((cells, i) => {
    // Columns past the workbook limit are dropped here too: a line of 100,000 commas is no table.
    const trimmed = cells.slice(0, maxColumns);
    while (trimmed.length && (trimmed[trimmed.length - 1] ?? '').trim() === '') trimmed.pop();
    if (trimmed.length) rows.push({ row: i + 1, cells: trimmed });
  });
  return rows;
};

const readWorkbook = (bytes: Uint8Array, options: ReadOptions): ReadSpreadsheet => {
  try {
    const sheet = readXlsx(bytes, options.sheetName !== undefined ? { sheetName: options.sheetName } : {});
    return { fileType: 'xlsx', sheetName: sheet.sheetName, sheets: sheet.sheets, rows: sheet.rows };
  } catch (error) {
    if (!(error instanceof SpreadsheetError)) throw error;
    switch (error.reason) {
      case 'too-large':
        throw new DomainError('too-large', `contentBase64: ${error.message}: split the file into smaller files and import each`, [{ path: 'contentBase64', message: error.message, code: 'file.too_large' }]);
      case 'over-limit': {
        // A small upload that expands past what one import takes: refused before it is read whole.
        const file = options.fileName ? `${options.fileName}: ` : '';
        const message = `${file}${error.message}; split it into files of at most 100,000 rows and import each`;
        throw new DomainError('invalid', `contentBase64: ${message}`, [{ path: 'contentBase64', message, code: 'file.too_large' }]);
      }
      case 'no-such-sheet':
        throw new DomainError('invalid', `sheetName: the workbook ${error.message}`, [{ path: 'sheetName', message: `the workbook ${error.message}`, code: 'sheet.not_found' }]);
      case 'not-xlsx':
        throw notASpreadsheet(`is a zip archive but not an Excel workbook (${error.message}): ${saveAs}`);
      default:
        throw notASpreadsheet(`${error.message}: ${saveAs}`);
    }
  }
};

/**
 * The name is not trusted: clinic systems often export CSV text as "报表.xls". Text that holds
 * no table is refused later, when no header row with two columns is found.
 */
export const readSpreadsheet = (bytes: Uint8Array, options: ReadOptions = {}): ReadSpreadsheet => {
  if (bytes.length === 0) {
    throw new DomainError('invalid', 'contentBase64: the file is empty', [{ path: 'contentBase64', message: 'is an empty file (0 bytes)', code: 'file.empty' }]);
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readWorkbook(bytes, options);
  const other = sniffOther(bytes);
  if (other) throw other;
  const decoded = decodeText(bytes);
  if (!decoded || looksBinary(decoded.text)) {
    throw notASpreadsheet('is neither an Excel workbook (.xlsx) nor CSV text in UTF-8 or GBK');
  }
  if (/^\s*<(!doctype html|html|table)\b/i.test(decoded.text)) {
    throw notASpreadsheet(`is a web page (HTML) saved under a spreadsheet name, as some clinic systems export: ${saveAs}`);
  }
  return { fileType: 'csv', encoding: decoded.encoding, rows: readCsv(decoded.text) };
};
