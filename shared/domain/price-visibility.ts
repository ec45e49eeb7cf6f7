/**
 * Dentists see prices only if the owner allows it (issue 13): a chain setting, enforced on every
 * API answer a dentist gets, not only in the dashboard. Money is always a `…Fen` field
 * (invariant 3), so hiding prices is dropping those fields wherever they sit in the answer.
 */
import type { Role } from './access.js';

export const hidesPrices = (role: Role, chain: { dentistsSeePrices?: boolean } | undefined): boolean =>
  role === 'dentist' && chain?.dentistsSeePrices !== true;

const isMoneyKey = (key: string): boolean => key.endsWith('Fen');

/** The same value with every `…Fen` field removed, at any depth. */
export const withoutPrices = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutPrices);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !isMoneyKey(key)).map(([key, v]) => [key, withoutPrices(v)]));
};
