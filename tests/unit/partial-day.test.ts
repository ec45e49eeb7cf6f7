/** Issue 13: today's unfinished day is drawn as partial, not as a drop to zero. */
import { describe, expect, it } from 'vitest';
import { splitPartialDay } from '../../dashboard/src/lib/features/overview/partial-day.js';

describe('today in a daily series', () => {
  it('is taken out of the complete line and drawn on its own, joined to yesterday', () => {
    expect(splitPartialDay(['2026-12-03', '2026-12-04', '2026-12-05'], [30, 28, 4], '2026-12-05')).toEqual({ complete: [30, 28, null], partial: [null, 28, 4] });
  });
  it('leaves a range that ended before today alone', () => {
    expect(splitPartialDay(['2026-12-03', '2026-12-04'], [30, 28], '2026-12-05')).toEqual({ complete: [30, 28], partial: null });
  });
});

describe('a partly future range (issue 13)', () => {
  it('draws today apart and leaves the days to come blank, not zeros', () => {
    expect(splitPartialDay(['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07'], [28, 4, 0, 0], '2026-12-05')).toEqual({ complete: [28, null, null, null], partial: [28, 4, null, null] });
  });
  it('draws nothing for a range that has not begun', () => {
    expect(splitPartialDay(['2026-12-06', '2026-12-07'], [0, 0], '2026-12-05')).toEqual({ complete: [null, null], partial: null });
  });
});
