/** Money is integer fen (invariant 3): shown as ¥ with two decimals, typed in yuan, sent as fen. */

/** 15000 → "¥150.00", 3500000 → "¥35,000.00"; integer arithmetic, no float rounding. */
export const formatFen = (fen: number | undefined): string => {
  // a dentist's answers carry no amounts unless the owner allows it (price-visibility.ts): a dash, not ¥NaN
  if (typeof fen !== 'number' || !Number.isFinite(fen)) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.trunc(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
};

/** fen → what an amount box shows: "150", "150.50", "150.05" (no ¥, no grouping). */
export const fenToYuanText = (fen: number): string => {
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const whole = `${fen < 0 ? '-' : ''}${Math.trunc(abs / 100)}`;
  return cents === 0 ? whole : `${whole}.${String(cents).padStart(2, '0')}`;
};

/**
 * What a person typed in yuan, as fen for the shared zod schema to judge. Blank is 0. Fractions of
 * a fen and negatives are kept (1.234 → 123.4, -5 → -500) so the schema rejects them with its own
 * message; `null` when the text is not a number at all. Decimal strings, never float multiplication
 * (0.29 × 100 is 28.999…).
 */
export const typedYuanToFen = (text: string): number | null => {
  const t = text.trim().replace(/[¥￥,，\s元]/g, '');
  if (t === '') return 0;
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  const negative = t.startsWith('-');
  const [whole = '', fraction = ''] = t.replace('-', '').split('.');
  const cents = Number(fraction.slice(0, 2).padEnd(2, '0'));
  const beyond = fraction.length > 2 ? Number(`0.${fraction.slice(2)}`) : 0;
  const fen = Number(whole || '0') * 100 + cents + beyond;
  return negative ? -fen : fen;
};

/** A typed amount that is a whole, non-negative number of fen; null otherwise. */
export const validFen = (text: string): number | null => {
  const fen = typedYuanToFen(text);
  return fen !== null && Number.isSafeInteger(fen) && fen >= 0 ? fen : null;
};
