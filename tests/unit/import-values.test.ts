import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excelSerialToIsoDate, isoDateToExcelSerial, localMidnightUtc, parseDateCell } from '../../shared/domain/import-dates.js';
import { parseAmountFen, parseChannel, parseGender, parsePhoneCell, parseRow, parseYesNo, resolveColumns, splitTags } from '../../shared/domain/import-values.js';
import type { ColumnMapping } from '../../shared/schemas/imports.js';

describe('dates as clinics type them', () => {
  it.each([
    ['2023/5/1', '2023-05-01'],
    ['2023-05-01', '2023-05-01'],
    ['2023.5.1', '2023-05-01'],
    ['2023年5月1日', '2023-05-01'],
    ['２０２３年５月１日', '2023-05-01'],
    ['20230501', '2023-05-01'],
    ['2023/5/1 14:30', '2023-05-01'],
    ['2023-05-01 08:00:00', '2023-05-01'],
    ['2023-05-01T08:00:00.000Z', '2023-05-01'],
    [' 2023 / 5 / 1 ', '2023-05-01'],
    ['45047', '2023-05-01'],
    ['45047.75', '2023-05-01'],
    ['1', '1900-01-01'],
    ['61', '1900-03-01'],
  ])('%s → %s', (input, expected) => {
    expect(parseDateCell(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['2023/2/30', /real calendar day/],
    ['1899/12/31', /between 1900 and 2100/],
    ['5/1/2023', /year first/],
    ['01-05-23', /year first/],
    ['2023', /no day/],
    ['2023年5月', /no day/],
    ['昨天', /must be a date/],
    ['0', /Excel date serial/],
    ['999999', /Excel date serial/],
  ])('%s is refused: %s', (input, reason) => {
    const result = parseDateCell(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('converts Excel serials both ways, in the 1900 and the 1904 systems', () => {
    expect(excelSerialToIsoDate(60)).toBe('1900-02-28');
    expect(excelSerialToIsoDate(43831)).toBe('2020-01-01');
    expect(excelSerialToIsoDate(43831 - 1462, true)).toBe('2020-01-01');
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-03-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(excelSerialToIsoDate(isoDateToExcelSerial(iso))).toBe(iso);
      }),
    );
  });

  it('stores a date-only visit at local midnight in the clinic’s zone', () => {
    expect(localMidnightUtc('2023-05-01', 'Asia/Shanghai')).toBe('2023-04-30T16:00:00.000Z');
    expect(localMidnightUtc('2023-05-01', 'UTC')).toBe('2023-05-01T00:00:00.000Z');
    expect(localMidnightUtc('2023-07-01', 'America/New_York')).toBe('2023-07-01T04:00:00.000Z');
    expect(localMidnightUtc('2023-01-01', 'America/New_York')).toBe('2023-01-01T05:00:00.000Z');
  });
});

describe('phones from spreadsheets', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['138 0013 8000', '+8613800138000'],
    ['138-0013-8000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['+86-138-0013-8000', '+8613800138000'],
    ['0086 13800138000', '+8613800138000'],
    ['8613800138000', '+8613800138000'],
    ['13800138000.0', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['手机：13800138000', '+8613800138000'],
    ['(010) 6552-9988', '+861065529988'],
  ])('%s → %s', (input, e164) => {
    expect(parsePhoneCell(input)).toMatchObject({ ok: true, value: e164 });
  });

  it('keeps the first of several numbers in one cell and says so', () => {
    expect(parsePhoneCell('13800138000/13900139000')).toEqual({ ok: true, value: '+8613800138000', others: 1 });
    expect(parsePhoneCell('13800138000，010-65529988')).toMatchObject({ ok: true, others: 1 });
  });

  it('refuses numbers Excel has already ruined, and ones that are no number', () => {
    expect(parsePhoneCell('1.38001E+10')).toMatchObject({ ok: false, reason: expect.stringMatching(/scientific notation.*format the column as text/) });
    expect(parsePhoneCell('12345')).toMatchObject({ ok: false, reason: expect.stringMatching(/mainland mobile/) });
    expect(parsePhoneCell('12800138000')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a valid mainland China mobile/) });
    expect(parsePhoneCell('无')).toMatchObject({ ok: false });
  });
});

describe('amounts in yuan → integer fen', () => {
  it.each([
    ['298', 29800],
    ['1200.5', 120050],
    ['1200.50', 120050],
    ['0.01', 1],
    ['1,200.00', 120000],
    ['12,800', 1280000],
    ['¥1200', 120000],
    ['￥1,200.00', 120000],
    ['1200元', 120000],
    ['RMB 99.9', 9990],
    ['１２００', 120000],
    ['0', 0],
  ])('%s → %i fen', (input, fen) => {
    expect(parseAmountFen(input)).toEqual({ ok: true, value: fen });
  });

  it.each([
    ['-50', /negative/],
    ['(50.00)', /negative/],
    ['50-', /negative/],
    ['12.345', /more than 2 decimal places/],
    ['1,20', /amount in yuan/],
    ['一百', /amount in yuan/],
    ['99999999999', /larger than/],
  ])('%s is refused: %s', (input, reason) => {
    expect(parseAmountFen(input)).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('never goes through a float: every two-decimal amount is exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (fen) => {
        const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        expect(parseAmountFen(text)).toEqual({ ok: true, value: fen });
      }),
    );
  });
});

describe('other cells', () => {
  it('reads gender words and national codes', () => {
    expect(['男', '男性', 'M', 'male', '1'].map((g) => parseGender(g))).toEqual(Array(5).fill({ ok: true, value: 'male' }));
    expect(['女', '女士', 'F', '2'].map((g) => parseGender(g))).toEqual(Array(4).fill({ ok: true, value: 'female' }));
    expect(['未知', '不详', '0', '9'].map((g) => parseGender(g))).toEqual(Array(4).fill({ ok: true, value: 'unknown' }));
    expect(parseGender('中')).toMatchObject({ ok: false, reason: expect.stringMatching(/男 or 女/) });
  });

  it('maps channel words, and keeps an unknown one as a tag', () => {
    expect(parseChannel('大众点评')).toEqual({ channel: 'dianping' });
    expect(parseChannel('朋友介绍')).toEqual({ channel: 'referral' });
    expect(parseChannel('微信公众号')).toEqual({ channel: 'wechat' });
    expect(parseChannel('医保定点转入')).toEqual({ channel: 'insurance-exit' });
    expect(parseChannel('douyin')).toEqual({ channel: 'douyin' });
    expect(parseChannel('电梯广告')).toEqual({ channel: 'other', tag: '来源:电梯广告' });
  });

  it('reads yes/no and splits tags', () => {
    expect(parseYesNo('是')).toEqual({ ok: true, value: true });
    expect(parseYesNo('TRUE')).toEqual({ ok: true, value: true });
    expect(parseYesNo('否')).toEqual({ ok: true, value: false });
    expect(parseYesNo('也许')).toMatchObject({ ok: false });
    expect(splitTags('VIP，种植;怕疼、 价格敏感')).toEqual(['VIP', '种植', '怕疼', '价格敏感']);
  });
});

describe('a row', () => {
  const headers = ['姓名', '手机', '性别', '出生日期', '首诊日期', '最近就诊', '项目', '金额', '来源', '备注', '备注2', '标签', '营销同意'];
  const mapping: ColumnMapping = {
    姓名: 'name', 手机: 'phone', 性别: 'gender', 出生日期: 'birthDate', 首诊日期: 'firstVisitDate', 最近就诊: 'lastVisitDate',
    项目: 'procedure', 金额: 'amount', 来源: 'channel', 备注: 'notes', 备注2: 'notes', 标签: 'tags', 营销同意: 'marketingConsent',
  };
  const columns = resolveColumns(headers, mapping);
  const row = (cells: string[]) => parseRow({ row: 7, cells }, columns, '2024-06-30');

  it('becomes a person and a visit', () => {
    expect(row(['张 三 ', '138 0013 8000', '男', '1985/3/12', '2021-06-01', '45047', '洁牙', '298', '抖音', '怕疼', '周末', 'VIP，种植', '是'])).toEqual({
      row: 7,
      ok: true,
      person: {
        name: '张 三', phone: '+8613800138000', gender: 'male', birthDate: '1985-03-12', channel: 'douyin', tags: ['VIP', '种植'],
        notes: '备注：怕疼\n备注2：周末', marketingConsent: true,
      },
      visit: { date: '2023-05-01', procedure: '洁牙', amountFen: 29800 },
      firstVisitDate: '2021-06-01',
      lastVisitDate: '2023-05-01',
      warnings: [],
    });
  });

  it('has no visit without procedure or amount, and dates alone bound the history', () => {
    const result = row(['李四', '13900139000', '', '', '2021-06-01', '2023-05-01', '', '', '', '', '', '', '']);
    expect(result).toMatchObject({ ok: true, firstVisitDate: '2021-06-01', lastVisitDate: '2023-05-01' });
    expect(result).not.toHaveProperty('visit');
  });

  it('warns when a procedure has no visit date', () => {
    const result = row(['李四', '13900139000', '', '', '', '', '洁牙', '100', '', '', '', '', '']);
    expect(result.warnings).toEqual([{ field: 'lastVisitDate', reason: expect.stringMatching(/not imported as a visit/), code: 'visit.no_date' }]);
  });

  it('is rejected with every problem named by field', () => {
    const result = row(['', '12345', '中', '2030-01-01', '2023-06-01', '2023-05-01', '', '-1', '', '', '', '', '也许']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual(['name', 'phone', 'gender', 'birthDate', 'firstVisitDate', 'amount', 'marketingConsent']);
    expect(result.problems.find((p) => p.field === 'birthDate')?.reason).toMatch(/future/);
    expect(result.problems.find((p) => p.field === 'firstVisitDate')?.reason).toMatch(/after lastVisitDate/);
  });

  it('cuts long notes and tags, with a warning', () => {
    const result = row(['王五', '13700137000', '', '', '', '', '', '', '', 'x'.repeat(2500), '', 'a'.repeat(25), '']);
    expect(result).toMatchObject({ ok: true, person: { tags: ['a'.repeat(20)] } });
    if (!result.ok) return;
    expect(result.person.notes.length).toBe(2000);
    expect(result.warnings.map((w) => w.field).sort()).toEqual(['notes', 'tags']);
  });
});
