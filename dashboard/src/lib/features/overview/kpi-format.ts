/**
 * Numbers on the overview: counts with the locale's grouping, money as ¥ from integer fen,
 * rates with one decimal, and the change against the previous period with its meaning
 * (a rising no-show rate is bad news, shown red even though it points up).
 */
import { formatFen } from '../../format/money';
import type { Locale } from '../../i18n/i18n.svelte';

export type ValueKind = 'count' | 'money' | 'percent' | 'score';
/** whether up is good news, bad news, or neither */
export type Better = 'up' | 'down' | 'none';
export type Tone = 'good' | 'bad' | 'neutral';

const counts = new Map<Locale, Intl.NumberFormat>();
const percents = new Map<Locale, Intl.NumberFormat>();

const countFormat = (locale: Locale): Intl.NumberFormat => {
  let f = counts.get(locale);
  if (!f) counts.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })));
  return f;
};
const percentFormat = (locale: Locale): Intl.NumberFormat => {
  let f = percents.get(locale);
  if (!f) percents.set(locale, (f = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })));
  return f;
};

export const dash = '—';

export const formatCount = (n: number, locale: Locale): string => countFormat(locale).format(n);
export const formatPercent = (rate: number | null, locale: Locale): string => (rate === null ? dash : percentFormat(locale).format(rate));

export const formatValue = (value: number | null, kind: ValueKind, locale: Locale): string => {
  if (value === null) return dash;
  switch (kind) {
    case 'money':
      return formatFen(value);
    case 'percent':
      return formatPercent(value, locale);
    case 'score':
      return String(value);
    default:
      return formatCount(value, locale);
  }
};

export type Change = {
  direction: 'up' | 'down' | 'flat';
  tone: Tone;
  /** relative change for counts and money; difference in points for rates and NPS */
  amount: number;
  unit: 'relative' | 'points';
};

/**
 * Counts and money change relatively (▲ 12.5%); rates change in percentage points and NPS in
 * points, because "kept rate +3%" of 80% is ambiguous. Null when either side has no value or
 * a relative change would divide by zero.
 */
export const changeOf = (current: number | null, previous: number | null, kind: ValueKind, better: Better): Change | null => {
  if (current === null || previous === null) return null;
  const unit = kind === 'percent' || kind === 'score' ? 'points' : 'relative';
  let amount: number;
  if (unit === 'relative') {
    if (previous === 0) return null;
    amount = (current - previous) / Math.abs(previous);
  } else {
    amount = kind === 'percent' ? (current - previous) * 100 : current - previous;
  }
  // below the shown precision it is no change at all
  const flat = unit === 'relative' ? Math.abs(amount) < 0.0005 : Math.abs(amount) < 0.05;
  const direction = flat ? 'flat' : amount > 0 ? 'up' : 'down';
  const tone: Tone = direction === 'flat' || better === 'none' ? 'neutral' : (direction === 'up') === (better === 'up') ? 'good' : 'bad';
  return { direction, tone, amount, unit };
};

const arrows = { up: '▲', down: '▼', flat: '■' } as const;

/** "▲ 12.5%", "▼ 2.1" (points; the caller adds the unit words) */
export const changeText = (change: Change, locale: Locale): { arrow: string; number: string } => {
  const magnitude = Math.abs(change.amount);
  const number =
    change.unit === 'relative'
      ? formatPercent(magnitude, locale)
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(magnitude);
  return { arrow: arrows[change.direction], number };
};

/** The share a value is of the largest, for bars and heat cells (0…1). */
export const shareOf = (value: number, max: number): number => (max <= 0 ? 0 : Math.max(0, Math.min(1, value / max)));

/** A teal heat colour for 0…1 (light to dark), readable text colour to go with it. */
export const heat = (share: number): { background: string; color: string } => {
  const lightness = 97 - share * 62;
  return { background: `hsl(174 60% ${lightness}%)`, color: lightness < 55 ? '#fff' : 'var(--c-text)' };
};
