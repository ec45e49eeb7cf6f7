import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { readSpreadsheet } from '../../functions/adapters/spreadsheet/read-spreadsheet.js';
import { maxSheetRows, readXlsx } from '../../functions/adapters/spreadsheet/xlsx-reader.js';
import { handWorkbook, inlineRow, millionRowWorkbook } from '../fixtures/imports/files.js';

const caught = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('xlsx reader: workbooks as clinics really have them', () => {
  // How fast is measured by the bench (import_bomb_ms), not asserted here.
  it('refuses a small file that expands to a million rows before reading it whole', () => {
    const bomb = millionRowWorkbook();
    expect(bomb.length).toBeLessThan(300 * 1024);
    const error = caught(() => readSpreadsheet(bomb, { fileName: '炸弹.xlsx' }));
    expect(error.kind).toBe('invalid');
    expect(error.fields).toEqual([{ path: 'contentBase64', code: 'file.too_large', message: expect.stringMatching(/^炸弹\.xlsx: .*more than 101,000 rows/) }]);
    // building the 27 MB of XML and deflating it is what takes time on a busy machine, not the refusal
  }, 60_000);

  it('takes a sheet right at the row limit', () => {
    const rows = Array.from({ length: 3 }, (_, i) => inlineRow(i + 1, ['张三', '13800138000']));
    expect(readXlsx(handWorkbook([{ name: 'S', xml: `<sheetData>${rows.join('')}</sheetData>` }])).rows).toHaveLength(3);
    expect(maxSheetRows).toBeGreaterThanOrEqual(100_000);
  });

  it('fills merged cells down their first column, to the last row the sheet has', () => {
    const xml =
      '<sheetData>' +
      inlineRow(1, ['姓名', '手机', '项目']) +
      inlineRow(2, ['张三', '13800138000', '洁牙']) +
      inlineRow(3, ['', '', '补牙']) +
      inlineRow(4, ['李四', '13900139000', '拔牙']) +
      '</sheetData><mergeCells count="3"><mergeCell ref="A2:A3"/><mergeCell ref="B2:B3"/><mergeCell ref="C4:C1048576"/></mergeCells>';
    const { rows } = readXlsx(handWorkbook([{ name: 'S', xml }]));
    expect(rows.map((r) => r.cells)).toEqual([
      ['姓名', '手机', '项目'],
      ['张三', '13800138000', '洁牙'],
      ['张三', '13800138000', '补牙'],
      ['李四', '13900139000', '拔牙'],
    ]);
  });

  it('creates the rows a vertical merge covers when the sheet left them out', () => {
    const xml = `<sheetData>${inlineRow(1, ['姓名', '手机'])}${inlineRow(2, ['张三', '13800138000'])}${inlineRow(4, ['李四', ''])}</sheetData><mergeCells><mergeCell ref="B2:B4"/></mergeCells>`;
    expect(readXlsx(handWorkbook([{ name: 'S', xml }])).rows.map((r) => [r.row, r.cells])).toEqual([
      [1, ['姓名', '手机']],
      [2, ['张三', '13800138000']],
      [3, ['', '13800138000']],
      [4, ['李四', '13800138000']],
    ]);
  });

  it('lists the visible sheets, reads the first that holds anything by default, and the one asked for', () => {
    const book = handWorkbook([
      { name: '说明', xml: '<sheetData/>' },
      { name: '旧', xml: `<sheetData>${inlineRow(1, ['隐藏'])}</sheetData>`, hidden: true },
      { name: '患者', xml: `<sheetData>${inlineRow(1, ['姓名', '手机'])}</sheetData>` },
      { name: '就诊', xml: `<sheetData>${inlineRow(1, ['日期', '项目'])}</sheetData>` },
    ]);
    const first = readSpreadsheet(book);
    expect(first).toMatchObject({ sheetName: '患者', sheets: ['说明', '患者', '就诊'] });
    expect(readSpreadsheet(book, { sheetName: '就诊' }).rows[0]?.cells).toEqual(['日期', '项目']);
    const missing = caught(() => readSpreadsheet(book, { sheetName: '收费' }));
    expect(missing.fields).toEqual([{ path: 'sheetName', code: 'sheet.not_found', message: expect.stringContaining('说明, 患者, 就诊') }]);
  });

  it('reports a formula with no saved result instead of reading it as blank', () => {
    const xml =
      '<sheetData>' +
      inlineRow(1, ['姓名', '手机', '金额']) +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2"><v>13800138000</v></c><c r="C2"><f>SUM(D2:E2)</f></c></row>' +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>李四</t></is></c><c r="B3"><v>13900139000</v></c><c r="C3"><f>SUM(D3:E3)</f><v>300</v></c></row>' +
      '<row r="4"><c r="A4" t="inlineStr"><is><t>王五</t></is></c><c r="B4" t="str"><f t="shared" si="0"/></c></row>' +
      '</sheetData>';
    const { rows } = readXlsx(handWorkbook([{ name: 'S', xml }]));
    expect(rows[1]).toEqual({ row: 2, cells: ['张三', '13800138000'], uncomputed: [2] });
    expect(rows[2]).toEqual({ row: 3, cells: ['李四', '13900139000', '300'] });
    expect(rows[3]).toEqual({ row: 4, cells: ['王五'], uncomputed: [1] });
  });
});
