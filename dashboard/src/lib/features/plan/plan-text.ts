/** How the planning screens write their numbers: a measure's value, a progress share, a weekday list. */
import type { TargetMeasure } from '$shared/domain/plan/targets';
import { formatFen } from '../../format/money';

export const measureValue = (measure: TargetMeasure, value: number | null): string => {
  if (value === null) return '—';
  if (measure === 'revenueFen') return formatFen(value);
  if (measure === 'returnRate') return `${value}%`;
  return String(value);
};

export const percentOf = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** The month a date falls in, YYYY-MM (the browser's clock; the API measures it in the clinic's zone). */
export const monthOf = (date: Date): string => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;

/** Consecutive weekdays written as a span: [0,1,2,3,4] → "周一–周五" with the given names. */
export const weekdaysText = (days: readonly number[], name: (day: number) => string): string => {
  const sorted = [...days].sort((a, b) => a - b);
  const spans: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const [a, b] = [sorted[i] ?? 0, sorted[j] ?? 0];
    spans.push(j - i >= 2 ? `${name(a)}–${name(b)}` : sorted.slice(i, j + 1).map(name).join('、'));
    i = j + 1;
  }
  return spans.join('、');
};
