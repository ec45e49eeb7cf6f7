import { describe, expect, it } from 'vitest';
import { columnLetters, findHeaderRow, guessField, normalizeHeader, suggestMapping, uniqueHeaders } from '../../shared/domain/import-headers.js';

describe('header guessing', () => {
  it.each([
    ['姓名', 'name'], ['名字', 'name'], ['患者姓名', 'name'], ['客户姓名', 'name'], ['Name', 'name'],
    ['手机', 'phone'], ['手机号', 'phone'], ['手机号码*', 'phone'], ['电话', 'phone'], ['联系电话', 'phone'], ['Mobile', 'phone'], ['Phone Number', 'phone'],
    ['性别', 'gender'], ['Gender', 'gender'],
    ['出生日期', 'birthDate'], ['生日', 'birthDate'], ['出生日期(yyyy-mm-dd)', 'birthDate'], ['Date of Birth', 'birthDate'],
    ['首诊', 'firstVisitDate'], ['首诊日期', 'firstVisitDate'], ['首次就诊', 'firstVisitDate'], ['初诊时间', 'firstVisitDate'],
    ['最近就诊', 'lastVisitDate'], ['末次就诊', 'lastVisitDate'], ['最后就诊日期', 'lastVisitDate'], ['就诊日期', 'lastVisitDate'], ['Last Visit', 'lastVisitDate'],
    ['项目', 'procedure'], ['治疗项目', 'procedure'], ['Treatment', 'procedure'],
    ['金额', 'amount'], ['消费金额', 'amount'], ['实收', 'amount'], ['实收金额（元）', 'amount'], ['Amount', 'amount'],
    ['来源', 'channel'], ['渠道', 'channel'], ['客户来源', 'channel'],
    ['备注', 'notes'], ['Remarks', 'notes'],
    ['标签', 'tags'], ['患者标签', 'tags'],
    ['营销同意', 'marketingConsent'], ['同意接收营销短信', 'marketingConsent'], ['短信同意', 'careConsent'],
  ])('%s → %s', (header, field) => {
    expect(guessField(header)?.field).toBe(field);
  });

  it('leaves unknown headers alone', () => {
    expect(guessField('身份证号')).toBeUndefined();
    expect(guessField('')).toBeUndefined();
    expect(guessField('First Name')).toBeUndefined();
  });

  it('normalizes full-width letters, spaces, required marks and units', () => {
    expect(normalizeHeader('  手机 号码 * ')).toBe('手机号码');
    expect(normalizeHeader('金额（元）')).toBe('金额');
    expect(normalizeHeader('ＮＡＭＥ')).toBe('name');
  });

  it('gives each single-valued field one column, an exact name before a loose one, several columns to notes and tags', () => {
    expect(suggestMapping(['紧急联系人电话', '手机', '姓名', '备注', '备注2', '其他说明', '标签', '身份证号'])).toEqual({
      紧急联系人电话: 'ignore', 手机: 'phone', 姓名: 'name', 备注: 'notes', 备注2: 'notes', 其他说明: 'ignore', 标签: 'tags', 身份证号: 'ignore',
    });
    expect(suggestMapping(['最近就诊', '就诊日期'])).toEqual({ 最近就诊: 'lastVisitDate', 就诊日期: 'ignore' });
  });
});

describe('the header row', () => {
  it('skips a title row and blank rows above the headers', () => {
    expect(findHeaderRow([['患者档案 2023年'], [], ['', ''], ['序号', '姓名', '手机', '性别'], ['1', '张三', '13800138000', '男']])).toBe(3);
  });

  it('falls back to the first non-blank row when nothing looks like a header', () => {
    expect(findHeaderRow([[], ['a', 'b'], ['c', 'd']])).toBe(1);
    expect(findHeaderRow([])).toBe(-1);
  });

  it('makes headers unique and names blank ones after their column', () => {
    expect(uniqueHeaders(['姓名', '', '备注', '备注', ' 手机 '])).toEqual(['姓名', '列B', '备注', '备注 (2)', '手机']);
    expect([0, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
