/**
 * Phones are stored E.164 (invariant 5). Clinics type numbers the way people say them:
 * `138 0013 8000`, `+86-138-0013-8000`, `0086 13800138000`, `(010) 6552-9988`, full-width
 * digits from a Chinese keyboard, or the `+862162558888` the API itself returned.
 */
/** Why a number was refused, as a stable code for programs and translations. */
export type PhoneProblem = 'phone.empty' | 'phone.chars' | 'phone.plus' | 'phone.international' | 'phone.mobile' | 'phone.invalid';
export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string; code: PhoneProblem };

const mainlandMobile = /^1[3-9]\d{9}$/;
/** Landline without its trunk 0: area code 10, 2x or 3xx–9xx, then 7–8 digits. */
const mainlandLandline = /^(10|2\d|[3-9]\d{2})\d{7,8}$/;
/** E.164: a country code never starts with 0; 8–15 digits in all. */
const e164 = /^\+[1-9]\d{7,14}$/;

const international = (digits: string): PhoneResult => {
  if (digits.startsWith('86')) return mainlandNational(digits.slice(2), 'after-country-code');
  const candidate = `+${digits}`;
  return e164.test(candidate) ? { ok: true, e164: candidate } : { ok: false, reason: 'is not a valid international number (a + then 8–15 digits, no leading 0)', code: 'phone.international' };
};

/**
 * A mainland number as dialled at home (`0` before landlines) or after +86 (no trunk 0 —
 * though people often keep it: `+86 021 …`).
 */
const mainlandNational = (national: string, context: 'domestic' | 'after-country-code'): PhoneResult => {
  if (mainlandMobile.test(national)) return { ok: true, e164: `+86${national}` };
  const withoutTrunk = national.startsWith('0') ? national.slice(1) : national;
  const trunkRequired = context === 'domestic';
  if ((national.startsWith('0') || !trunkRequired) && mainlandLandline.test(withoutTrunk) && !mainlandMobile.test(withoutTrunk)) {
    return { ok: true, e164: `+86${withoutTrunk}` };
  }
  if (national.length === 11 && national.startsWith('1')) return { ok: false, reason: 'is not a valid mainland China mobile number', code: 'phone.mobile' };
  return { ok: false, reason: 'must be a mainland mobile (11 digits starting with 1), a landline with its area code, or an international number starting with +', code: 'phone.invalid' };
};

export const normalizePhone = (input: string): PhoneResult => {
  const trimmed = input.normalize('NFKC').trim();
  if (trimmed === '') return { ok: false, reason: 'is empty', code: 'phone.empty' };
  if (!/^[+\d\s\-().]+$/.test(trimmed)) return { ok: false, reason: 'may contain only digits, spaces, dashes, brackets and a leading +', code: 'phone.chars' };
  if (trimmed.lastIndexOf('+') > 0) return { ok: false, reason: 'has a + that is not at the start', code: 'phone.plus' };
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return international(digits.startsWith('00') ? digits.slice(2) : digits);
  if (digits.startsWith('00')) return international(digits.slice(2));
  if (digits.length === 13 && digits.startsWith('86') && mainlandMobile.test(digits.slice(2))) return { ok: true, e164: `+${digits}` };
  return mainlandNational(digits, 'domestic');
};

/**
 * What a person typed into a search box, as a prefix of stored E.164 numbers, or null when it
 * does not look like a phone at all. `138` → `+86138`, `+8613` → `+8613`, `(010) 6552` → `+86106552`.
 */
export const phoneSearchPrefix = (input: string): string | null => {
  const trimmed = input.normalize('NFKC').trim();
  if (!/^[+\d\s\-()]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 3) return null;
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  // No mainland number starts with 86 when dialled at home, so a leading 86 is the country code.
  if (digits.startsWith('86')) return `+${digits}`;
  if (digits.startsWith('0')) return `+86${digits.slice(1)}`;
  return `+86${digits}`;
};

/** `+8613800138000` → `138****8000`: what marketing staff see. */
export const maskPhone = (e164Number: string): string => {
  const national = e164Number.startsWith('+86') ? e164Number.slice(3) : e164Number;
  if (national.length < 7) return '****';
  return `${national.slice(0, 3)}****${national.slice(-4)}`;
};

/** Mainland numbers as clinics write them in a spreadsheet (13800138000); others stay E.164. */
export const phoneForSheet = (e164: string): string => (e164.startsWith('+86') ? e164.slice(3) : e164);
