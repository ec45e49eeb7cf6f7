/** Money is integer fen (分), never a float (invariant 3). */
export type Fen = number;

export const isFen = (value: unknown): value is Fen => typeof value === 'number' && Number.isSafeInteger(value);

/** 12345 → "¥123.45" */
export const formatYuan = (fen: Fen): string => `¥${(fen / 100).toFixed(2)}`;

/** "123.45" or 123.45 (yuan, at most two decimals) → 12345 fen; null when it is not an amount. */
export const yuanToFen = (input: string | number): Fen | null => {
  const text = typeof input === 'number' ? String(input) : input.trim().replace(/[¥,，\s元]/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(text)) return null;
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return text.startsWith('-') ? -fen : fen;
};
