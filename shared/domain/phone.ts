/**
 * Phones are stored E.164 (invariant 5). Clinics type numbers the way people say them:
 * `138 0013 8000`, `+86-138-0013-8000`, `0086 13800138000`, `(010) 6552-9988`.
 */
export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

const mainlandMobile = /^1[3-9]\d{9}$/;
/** Landline: area code 10, 2x or 3xx-9xx (without the trunk 0) followed by 7–8 digits. */
const mainlandLandline = /^(10|2\d|[3-9]\d{2})\d{7,8}$/;

export const normalizePhone = (input: string): PhoneResult => {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'is empty' };
  if (!/^[+\d\s\-().]+$/.test(trimmed)) return { ok: false, reason: 'may contain only digits, spaces, dashes, brackets and a leading +' };
  const hasPlus = trimmed.startsWith('+');
  if (trimmed.lastIndexOf('+') > 0) return { ok: false, reason: 'has a + that is not at the start' };
  let digits = trimmed.replace(/\D/g, '');
  let international = hasPlus;
  if (!hasPlus && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  if (international) {
    if (digits.startsWith('86')) return normalizeMainland(digits.slice(2));
    if (digits.length < 8 || digits.length > 15) return { ok: false, reason: 'is not a valid international number' };
    return { ok: true, e164: `+${digits}` };
  }
  if (digits.length === 13 && digits.startsWith('86') && mainlandMobile.test(digits.slice(2))) {
    return { ok: true, e164: `+${digits}` };
  }
  return normalizeMainland(digits);
};

const normalizeMainland = (national: string): PhoneResult => {
  const withoutTrunk = national.startsWith('0') ? national.slice(1) : national;
  if (mainlandMobile.test(withoutTrunk) && !national.startsWith('0')) return { ok: true, e164: `+86${withoutTrunk}` };
  if (national.startsWith('0') && mainlandLandline.test(withoutTrunk)) return { ok: true, e164: `+86${withoutTrunk}` };
  if (national.length === 11 && national.startsWith('1')) return { ok: false, reason: 'is not a valid mainland China mobile number' };
  return { ok: false, reason: 'must be a mainland mobile (11 digits starting with 1), a landline with its area code, or an international number starting with +' };
};

/**
 * What a person typed into a search box, as a prefix of stored E.164 numbers, or null when it
 * does not look like a phone at all. `138` → `+86138`, `+8613` → `+8613`.
 */
export const phoneSearchPrefix = (input: string): string | null => {
  const trimmed = input.trim();
  if (!/^[+\d\s-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 3) return null;
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('0086')) return `+${digits.slice(2)}`;
  if (digits.startsWith('86') && digits.length > 11) return `+${digits}`;
  if (digits.startsWith('0')) return `+86${digits.slice(1)}`;
  return `+86${digits}`;
};

/** `+8613800138000` → `138****8000`: what marketing staff see. */
export const maskPhone = (e164: string): string => {
  const national = e164.startsWith('+86') ? e164.slice(3) : e164;
  if (national.length < 7) return '****';
  return `${national.slice(0, 3)}****${national.slice(-4)}`;
};
