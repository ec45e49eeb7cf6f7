import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone, phoneSearchPrefix } from '../../shared/domain/phone.js';

describe('normalizePhone (invariant 5: stored E.164)', () => {
  it.each([
    ['138 0013 8000', '+8613800138000'],
    ['+86-138-0013-8000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['0086 138 0013 8000', '+8613800138000'],
    ['8613800138000', '+8613800138000'],
    ['(010) 6552-9988', '+861065529988'],
    ['021-62558888', '+862162558888'],
    ['0755 8888 6666', '+8675588886666'],
    ['+852 9123 4567', '+85291234567'],
    ['+862162558888', '+862162558888'],
    ['+86 10 6552 9988', '+861065529988'],
    ['+86 021 6255 8888', '+862162558888'],
    ['１３８００１３８０００', '+8613800138000'],
    ['+0086 138 0013 8000', '+8613800138000'],
    ['+1 (604) 555-0199', '+16045550199'],
  ])('%s → %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', 'is empty'],
    ['12345', 'must be'],
    ['12800138000', 'not a valid mainland China mobile'],
    ['138-abcd-8000', 'may contain only'],
    ['138+0013+8000', 'not at the start'],
    ['+12', 'not a valid international'],
    ['0000000000000', 'not a valid international'],
    ['+0123456789', 'not a valid international'],
    ['+86 12345', 'must be'],
  ])('%s is rejected with a reason', (input, reason) => {
    const result = normalizePhone(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('any mainland mobile, however it is spaced and prefixed, normalizes to the same E.164', () => {
    const mobile = fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })).map(([second, rest]) => `1${second}${rest.join('')}`);
    const prefix = fc.constantFrom('', '+86', '+86 ', '+86-', '0086', '0086 ', '86');
    const separator = fc.constantFrom('', ' ', '-');
    fc.assert(
      fc.property(mobile, prefix, separator, (digits, p, sep) => {
        const typed = `${p}${digits.slice(0, 3)}${sep}${digits.slice(3, 7)}${sep}${digits.slice(7)}`;
        expect(normalizePhone(typed)).toEqual({ ok: true, e164: `+86${digits}` });
      }),
    );
  });

  it('every accepted number is E.164: a + and 8–15 digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (input) => {
        const result = normalizePhone(input);
        if (result.ok) expect(result.e164).toMatch(/^\+[1-9]\d{7,14}$/);
      }),
    );
  });

  it('normalizing a stored number gives the same number back (the API accepts what it returns)', () => {
    const national = fc.oneof(
      fc.stringMatching(/^1[3-9]\d{9}$/),
      fc.stringMatching(/^0(10|2\d|[3-9]\d{2})\d{8}$/),
    );
    fc.assert(
      fc.property(national, (typed) => {
        const first = normalizePhone(typed);
        if (!first.ok) return;
        expect(normalizePhone(first.e164)).toEqual(first);
      }),
    );
  });
});

describe('phoneSearchPrefix', () => {
  it.each([
    ['138', '+86138'],
    ['138 0013', '+861380013'],
    ['+8613', '+8613'],
    ['0086138', '+86138'],
    ['8613800138000', '+8613800138000'],
    ['010 6552', '+86106552'],
    ['(010) 6552', '+86106552'],
    ['86138', '+86138'],
    ['１３８', '+86138'],
  ])('%s → %s', (input, prefix) => expect(phoneSearchPrefix(input)).toBe(prefix));

  it('is null for names and very short input', () => {
    expect(phoneSearchPrefix('张伟')).toBeNull();
    expect(phoneSearchPrefix('13')).toBeNull();
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mainland number', () => {
    expect(maskPhone('+8613800138000')).toBe('138****8000');
    expect(maskPhone('+85291234567')).toBe('+85****4567');
  });
});
