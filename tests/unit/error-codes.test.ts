import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fieldMessageTable, translateFieldMessage } from '../../dashboard/src/lib/i18n/field-messages.js';
import { en } from '../../dashboard/src/lib/i18n/en.js';
import { zhCN, type MessageKey } from '../../dashboard/src/lib/i18n/zh-cn.js';
import { zodProblems } from '../../functions/http/lib/request.js';
import { invalid } from '../../shared/domain/errors.js';
import { parseRow, resolveColumns } from '../../shared/domain/import-values.js';
import { nameSchema, textSchema } from '../../shared/schemas/common.js';
import { codeOfIssue, coded, fieldErrorCodes, isFieldErrorCode } from '../../shared/schemas/error-codes.js';
import { checkoutSchema } from '../../shared/schemas/visit.js';
import { patientCreateSchema } from '../../shared/schemas/patient.js';
import { chainUpdateSchema, clinicCreateSchema } from '../../shared/schemas/org.js';

const problemsOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a failure');
  return zodProblems(result.error);
};

const zhT = (key: MessageKey, params?: Record<string, string | number>) =>
  zhCN[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));

describe('the code list and the dashboard table', () => {
  it('every code the API may send has words in the dashboard, and the table knows no other code', () => {
    expect(Object.keys(fieldMessageTable).sort()).toEqual([...fieldErrorCodes].sort());
    expect(new Set(fieldErrorCodes).size).toBe(fieldErrorCodes.length);
  });

  it('every wording the table picks exists in both languages', () => {
    for (const code of fieldErrorCodes) {
      const [key] = fieldMessageTable[code]!({ maximum: 1, minimum: 1, expected: 'number' }, (iso) => iso);
      expect(zhCN[key], `${code} → ${key}`).toBeTypeOf('string');
      expect(en[key], `${code} → ${key}`).toBeTypeOf('string');
    }
  });

  it('translates by code, never by the English words, and falls back to the message for a code it does not know', () => {
    expect(translateFieldMessage({ message: 'reworded in a later release', code: 'required' }, zhT)).toBe('必填');
    expect(translateFieldMessage({ message: 'is in the future (2031-01-01)', code: 'date.future', params: { date: '2031-01-01' } }, zhT)).toBe('不能晚于现在');
    expect(translateFieldMessage({ message: 'must not exceed the subtotal (10000 fen)', code: 'discount.over_subtotal', params: { amountFen: 10_000 } }, zhT)).toBe('整单优惠不能超过小计（¥100.00）');
    expect(translateFieldMessage({ message: 'something new', code: 'brand.new_code' }, zhT)).toBe('something new');
    expect(translateFieldMessage({ message: 'no code at all' }, zhT)).toBe('no code at all');
  });
});

describe('zod issues → codes', () => {
  it('maps the kinds of issue generically, with the numbers a translation quotes', () => {
    expect(problemsOf(patientCreateSchema, { phone: '13800138000', clinicId: 'c1' })).toEqual([{ path: 'name', message: 'is required', code: 'required' }]);
    expect(problemsOf(patientCreateSchema, { name: 'x'.repeat(65), phone: '13800138000', clinicId: 'c1' })).toEqual([
      { path: 'name', message: 'must be at most 64 characters', code: 'too_long', params: { maximum: 64 } },
    ]);
    expect(problemsOf(patientCreateSchema, { name: '张伟', phone: '13800138000', clinicId: 'c1', gender: 'x' })[0]).toMatchObject({ path: 'gender', code: 'enum.invalid' });
    expect(problemsOf(patientCreateSchema, { name: '张伟', phone: '13800138000', clinicId: 'c1', extra: 1 })).toEqual([
      { path: 'extra', message: 'is not a field this request accepts', code: 'field.unknown' },
    ]);
    expect(problemsOf(patientCreateSchema, { name: 5, phone: '13800138000', clinicId: 'c1' })[0]).toMatchObject({ code: 'type.invalid', params: { expected: 'string' } });
    expect(problemsOf(z.strictObject({ n: z.number().int() }), { n: 1.5 })[0]).toMatchObject({ code: 'number.not_integer' });
    expect(problemsOf(z.strictObject({ n: z.number().max(3) }), { n: 4 })[0]).toMatchObject({ code: 'number.too_big', params: { maximum: 3 } });
    expect(problemsOf(z.strictObject({ d: z.iso.date() }), { d: '2024-13-01' })[0]).toMatchObject({ code: 'date.invalid' });
  });

  it('lets a schema name its own code: coded() on a check, params.code on a refinement, the phone reason', () => {
    expect(codeOfIssue(z.number().min(0, { error: coded('money.negative', 'must not be negative') }).safeParse(-1).error!.issues[0]!)).toBe('money.negative');
    const phone = problemsOf(patientCreateSchema, { name: '张伟', phone: '1380013800a', clinicId: 'c1' });
    expect(phone).toEqual([{ path: 'phone', message: 'may contain only digits, spaces, dashes, brackets and a leading +', code: 'phone.chars' }]);
    const checkout = problemsOf(checkoutSchema, {
      clinicId: 'c1', dentistId: 'd1', visitedAt: '2026-01-01T09:00:00+08:00', discountFen: -1,
      lines: [{ procedureId: 'p1', teeth: ['99'] }], payments: [{ method: 'cash', amountFen: 0.5 }],
    });
    expect(checkout.map((p) => [p.path, p.code])).toEqual(expect.arrayContaining([
      ['discountFen', 'money.negative'],
      ['lines.0.teeth.0', 'tooth.invalid'],
      ['payments.0.amountFen', 'money.fraction'],
    ]));
    for (const p of checkout) expect(isFieldErrorCode(p.code)).toBe(true);
  });

  it('domain problems carry a code too', () => {
    expect(invalid('startAt', 'is in the past', { code: 'date.past' }).fields).toEqual([{ path: 'startAt', message: 'is in the past', code: 'date.past' }]);
  });

  it('the import report uses the same codes, so a Chinese user never reads "is in the future"', () => {
    const headers = ['姓名', '手机', '生日'];
    const columns = resolveColumns(headers, { 姓名: 'name', 手机: 'phone', 生日: 'birthDate' });
    const result = parseRow({ row: 2, cells: ['张伟', '1.38E+10', '2031-01-01'] }, columns, '2026-01-01');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.code])).toEqual([['phone', 'phone.scientific'], ['birthDate', 'date.future']]);
    const birth = result.problems.find((p) => p.field === 'birthDate')!;
    expect(translateFieldMessage({ message: birth.reason, code: birth.code }, zhT)).toBe('不能晚于现在');
  });
});

describe('textSchema: what reaches an SMS or a screen', () => {
  const hostile = {
    'a bidirectional override': 'ab\u202Ecd',
    'a zero-width joiner': '张\u200D伟',
    'a zero-width space': '张\u200B伟',
    'a NUL': '张\u0000伟',
    'a newline': '张\n伟',
    'a lone surrogate': '张\uD800伟',
    'a BOM inside': '张\uFEFF伟',
    'a line separator': '张\u2028伟',
  };

  it.each(Object.entries(hostile))('refuses %s with text.control_chars', (_what, value) => {
    const result = nameSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map(codeOfIssue)).toContain('text.control_chars');
  });

  it('normalises to NFC and trims', () => {
    expect(nameSchema.parse(' Jose\u0301 ')).toBe('José');
    expect(nameSchema.parse('Jose\u0301')).toBe('Jos\u00e9');
  });

  it('keeps newlines (and turns CRLF into LF) only in multi-line text', () => {
    const notes = textSchema({ multiline: true });
    expect(notes.parse('第一行\r\n第二行')).toBe('第一行\n第二行');
    expect(notes.safeParse('第一行\u202E').success).toBe(false);
    expect(notes.safeParse('a\u0000b').success).toBe(false);
  });

  it('guards the SMS signature, chain, clinic, procedure, patient notes and file names', () => {
    expect(chainUpdateSchema.safeParse({ brand: '微笑\u202E' }).success).toBe(false);
    expect(chainUpdateSchema.safeParse({ name: '连锁\u200B' }).success).toBe(false);
    expect(clinicCreateSchema.safeParse({ name: '静安\n店' }).success).toBe(false);
    expect(patientCreateSchema.safeParse({ name: '张伟', phone: '13800138000', clinicId: 'c1', notes: '过敏\u0000' }).success).toBe(false);
    expect(patientCreateSchema.parse({ name: '张伟', phone: '13800138000', clinicId: 'c1', notes: '过敏\n青霉素' }).notes).toBe('过敏\n青霉素');
    expect(patientCreateSchema.safeParse({ name: '张伟', phone: '13800138000', clinicId: 'c1', tags: ['VIP\u2066'] }).success).toBe(false);
  });
});
