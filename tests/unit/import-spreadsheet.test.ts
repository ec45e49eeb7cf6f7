import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { readSpreadsheet } from '../../functions/adapters/spreadsheet/read-spreadsheet.js';
import { excelNumberText } from '../../functions/adapters/spreadsheet/xlsx-reader.js';
import { writeXlsx } from '../../functions/adapters/spreadsheet/xlsx-writer.js';
import { csvText, exceljsArchive, gbkEncode, utf8 } from '../fixtures/imports/files.js';

const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** A workbook as other producers write it (WPS, .NET libraries): prefixes, gaps, every cell type. */
const handMadeWorkbook = (options: { date1904?: boolean; prefix?: string } = {}) => {
  const p = options.prefix ? `${options.prefix}:` : '';
  const xmlns = options.prefix ? `xmlns:${options.prefix}="${ns}"` : `xmlns="${ns}"`;
  return zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'xl/workbook.xml': strToU8(
      `<${p}workbook ${xmlns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
        `<${p}workbookPr${options.date1904 ? ' date1904="1"' : ''}/>` +
        `<${p}sheets><${p}sheet name="旧表" sheetId="1" state="hidden" r:id="rId9"/><${p}sheet name="患者 &amp; 就诊" sheetId="2" r:id="rId2"/></${p}sheets></${p}workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId9" Type="worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/data.xml"/></Relationships>',
    ),
    'xl/sharedStrings.xml': strToU8(
      `<${p}sst ${xmlns} count="4" uniqueCount="4">` +
        `<${p}si><${p}t>姓名</${p}t></${p}si>` +
        `<${p}si><${p}r><${p}rPr><${p}b/></${p}rPr><${p}t xml:space="preserve">张 </${p}t></${p}r><${p}r><${p}t>三</${p}t></${p}r><${p}rPh sb="0" eb="1"><${p}t>ちょう</${p}t></${p}rPh></${p}si>` +
        `<${p}si><${p}t>A &amp; B &lt;C&gt; &#x4E2D;&#25991;_x000D_</${p}t></${p}si>` +
        `<${p}si><${p}t/></${p}si></${p}sst>`,
    ),
    'xl/styles.xml': strToU8(
      `<${p}styleSheet ${xmlns}><${p}numFmts count="2"><${p}numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><${p}numFmt numFmtId="177" formatCode="&quot;¥&quot;#,##0.00"/></${p}numFmts>` +
        `<${p}cellStyleXfs count="1"><${p}xf numFmtId="14"/></${p}cellStyleXfs>` +
        `<${p}cellXfs count="5"><${p}xf numFmtId="0"/><${p}xf numFmtId="14"/><${p}xf numFmtId="176"/><${p}xf numFmtId="177"/><${p}xf numFmtId="49"/></${p}cellXfs></${p}styleSheet>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(`<${p}worksheet ${xmlns}><${p}sheetData><${p}row r="1"><${p}c r="A1" t="inlineStr"><${p}is><${p}t>隐藏</${p}t></${p}is></${p}c></${p}row></${p}sheetData></${p}worksheet>`),
    'xl/worksheets/data.xml': strToU8(
      `<${p}worksheet ${xmlns}><${p}sheetData>` +
        `<${p}row r="1"><${p}c r="A1" t="s"><${p}v>0</${p}v></${p}c><${p}c r="C1" t="inlineStr"><${p}is><${p}t>手机</${p}t></${p}is></${p}c></${p}row>` +
        `<${p}row r="3"><${p}c r="A3" t="s"><${p}v>1</${p}v></${p}c><${p}c r="B3" s="1"><${p}v>45047</${p}v></${p}c><${p}c r="C3"><${p}v>13800138000</${p}v></${p}c>` +
        `<${p}c r="D3" s="2"><${p}v>45047.5</${p}v></${p}c><${p}c r="E3" s="3"><${p}v>1200.5</${p}v></${p}c><${p}c r="F3"><${p}v>0.30000000000000004</${p}v></${p}c></${p}row>` +
        `<${p}row><${p}c t="s"><${p}v>2</${p}v></${p}c><${p}c t="b"><${p}v>1</${p}v></${p}c><${p}c t="str"><${p}f>A1&amp;""</${p}f><${p}v>公式 结果</${p}v></${p}c>` +
        `<${p}c t="e"><${p}v>#N/A</${p}v></${p}c><${p}c/><${p}c t="s"><${p}v>3</${p}v></${p}c></${p}row>` +
        `<${p}row r="9" spans="1:3"/>` +
        `<${p}row r="10"><${p}c r="B10" s="4"><${p}v>123</${p}v></${p}c><${p}c r="C10"><${p}v>1.3800138E10</${p}v></${p}c><${p}c r="D10" t="d"><${p}v>2023-05-01T00:00:00Z</${p}v></${p}c></${p}row>` +
        `</${p}sheetData></${p}worksheet>`,
    ),
  });
};

const expectProblem = (run: () => unknown, kind: DomainError['kind'], paths: string[], message: RegExp) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const problem = error as DomainError;
    expect(problem.kind).toBe(kind);
    expect(problem.fields.map((f) => f.path)).toEqual(paths);
    expect(problem.message).toMatch(message);
    return;
  }
  throw new Error('expected a DomainError');
};

describe('xlsx reader', () => {
  it('reads every cell type, the first visible sheet, gaps, rich text without phonetic guides, and dates by style', () => {
    for (const prefix of [undefined, 'x']) {
      const sheet = readSpreadsheet(handMadeWorkbook(prefix ? { prefix } : {}));
      expect(sheet).toMatchObject({ fileType: 'xlsx', sheetName: '患者 & 就诊' });
      expect(sheet.rows).toEqual([
        { row: 1, cells: ['姓名', '', '手机'] },
        { row: 3, cells: ['张 三', '2023-05-01', '13800138000', '2023-05-01', '1200.5', '0.3'] },
        { row: 4, cells: ['A & B <C> 中文\r', 'TRUE', '公式 结果', '#N/A'] },
        { row: 10, cells: ['', '123', '13800138000', '2023-05-01'] },
      ]);
    }
  });

  it('counts Excel serials from 1904 in workbooks saved that way', () => {
    const sheet = readSpreadsheet(handMadeWorkbook({ date1904: true }));
    expect(sheet.rows[1]?.cells[1]).toBe('2027-05-02');
  });

  it('reads a workbook written by exceljs', () => {
    const sheet = readSpreadsheet(exceljsArchive());
    expect(sheet.sheetName).toBe('患者档案');
    expect(sheet.rows[2]?.cells).toEqual(['张三', '男', '13800138000', '1985-03-12', '2021-06-01', '2023/5/1', '洁牙', '298', '大众点评', '怕疼，周末来', 'VIP，种植']);
  });

  it('shows numbers as Excel does (15 significant digits)', () => {
    expect(['0.1', '0.30000000000000004', '99.990000000000009', '13800138000', '1E3', '-5', '12345678901234567890'].map(excelNumberText)).toEqual([
      '0.1', '0.3', '99.99', '13800138000', '1000', '-5', '12345678901234567890',
    ]);
  });

  it('reads back what the writer writes: text stays text, dates and yuan keep their meaning', () => {
    const bytes = writeXlsx('导出', [{ header: '姓名', kind: 'text' }, { header: '手机', kind: 'text' }, { header: '日期', kind: 'date' }, { header: '金额', kind: 'yuan' }, { header: '次数', kind: 'integer' }], [
      ['=HYPERLINK("x")', '13800138000', '2024-02-29', 12345, 3],
      [' 前后空格 ', '0086 138', null, 1, undefined],
      ['控制\u0001字符', '', '1999-12-31', 0, 0],
    ]);
    expect(readSpreadsheet(bytes).rows).toEqual([
      { row: 1, cells: ['姓名', '手机', '日期', '金额', '次数'] },
      { row: 2, cells: ['=HYPERLINK("x")', '13800138000', '2024-02-29', '123.45', '3'] },
      { row: 3, cells: [' 前后空格 ', '0086 138', '', '0.01'] },
      { row: 4, cells: ['控制字符', '', '1999-12-31', '0', '0'] },
    ]);
  });

  it('refuses a zip that is no workbook, and a damaged one', () => {
    expectProblem(() => readSpreadsheet(zipSync({ 'word/document.xml': strToU8('<w/>') })), 'invalid', ['contentBase64', 'fileName'], /zip archive but not an Excel workbook/);
    const damaged = handMadeWorkbook().slice(0, 200);
    expectProblem(() => readSpreadsheet(damaged), 'invalid', ['contentBase64', 'fileName'], /damaged/);
  });
});

describe('CSV and other files', () => {
  const table = csvText([['姓名', '手机', '备注'], ['张三', '138 0013 8000', '说"你好",再见'], ['', '', ''], ['李四', '+86-139-0013-9000', '多行\n备注']]);
  const expected = [
    { row: 1, cells: ['姓名', '手机', '备注'] },
    { row: 2, cells: ['张三', '138 0013 8000', '说"你好",再见'] },
    { row: 4, cells: ['李四', '+86-139-0013-9000', '多行\n备注'] },
  ];

  it('reads UTF-8, UTF-8 with BOM, GBK and UTF-16 (Excel’s "Unicode text", tab-separated)', () => {
    expect(readSpreadsheet(utf8(table))).toEqual({ fileType: 'csv', encoding: 'utf-8', rows: expected });
    expect(readSpreadsheet(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(table)])).rows).toEqual(expected);
    expect(readSpreadsheet(gbkEncode(table))).toEqual({ fileType: 'csv', encoding: 'gb18030', rows: expected });
    const tsv = '姓名\t手机\n王五\t13700137000\n';
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(tsv, 'utf16le'))]);
    expect(readSpreadsheet(utf16)).toEqual({ fileType: 'csv', encoding: 'utf-16le', rows: [{ row: 1, cells: ['姓名', '手机'] }, { row: 2, cells: ['王五', '13700137000'] }] });
  });

  it('detects semicolon- and tab-separated files', () => {
    expect(readSpreadsheet(utf8('姓名;手机\n张三;13800138000')).rows[1]?.cells).toEqual(['张三', '13800138000']);
    expect(readSpreadsheet(utf8('姓名\t手机\n张三\t13800138000')).rows[1]?.cells).toEqual(['张三', '13800138000']);
  });

  it('says what a file is when it is not a spreadsheet', () => {
    expectProblem(() => readSpreadsheet(new Uint8Array()), 'invalid', ['contentBase64'], /empty/);
    expectProblem(() => readSpreadsheet(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2])), 'invalid', ['contentBase64', 'fileName'], /97–2003 \(\.xls\)/);
    expectProblem(() => readSpreadsheet(utf8('%PDF-1.7\n...')), 'invalid', ['contentBase64', 'fileName'], /PDF/);
    expectProblem(() => readSpreadsheet(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16])), 'invalid', ['contentBase64', 'fileName'], /image/);
    expectProblem(() => readSpreadsheet(utf8('<html><body><table><tr><td>姓名</td></tr></table></body></html>')), 'invalid', ['contentBase64', 'fileName'], /web page/);
    expectProblem(() => readSpreadsheet(new Uint8Array([0x41, 0x00, 0x42, 0x01, 0x02])), 'invalid', ['contentBase64', 'fileName'], /neither an Excel workbook/);
    expectProblem(() => readSpreadsheet(new Uint8Array([0xc3, 0x28, 0xff, 0xfe, 0xfd])), 'invalid', ['contentBase64', 'fileName'], /UTF-8 or GBK/);
  });
});
