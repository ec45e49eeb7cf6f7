/**
 * What a date range of the overview is compared with (issue 13). The comparison is the same
 * number of days just before the range, clipped to the days of the range that have begun: a
 * month that is five days old is compared with the five days that start the period before it,
 * never with a whole period, or every count would read as a collapse. A range that has not begun
 * has nothing to compare. Today counts as begun (its rollup grows through the day) and is the
 * one partial day of a series; days after it are future, not zeros. Pure.
 */
import { addDays, daysInRange } from '../time.js';

export type Comparison = {
  /** days of the range up to and including today (0 when the range lies ahead) */
  elapsedDays: number;
  /** the range's length in days */
  days: number;
  /** the days compared with, both inclusive; null when no day of the range has begun */
  previous: { from: string; to: string } | null;
};

export const comparisonOf = (range: { from: string; to: string }, today: string): Comparison => {
  const days = daysInRange(range.from, range.to);
  const elapsedDays = Math.max(0, Math.min(days, daysInRange(range.from, today)));
  const previousFrom = addDays(range.from, -days);
  return { elapsedDays, days, previous: elapsedDays === 0 ? null : { from: previousFrom, to: addDays(previousFrom, elapsedDays - 1) } };
};

/** How a day of the range stands on `today`: done, partial (today), or still to come. */
export const dayStatus = (day: string, today: string): 'done' | 'partial' | 'future' => (day < today ? 'done' : day === today ? 'partial' : 'future');
