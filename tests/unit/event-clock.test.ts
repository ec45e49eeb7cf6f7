/** The test clock's survey run lands inside the sending hours and within a day of the event's end, whatever hour the suite runs at. */
import { describe, expect, it } from 'vitest';
import { surveyRunAfter } from '../support/event-clock.js';

const shanghai = (instant: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);

describe('surveyRunAfter', () => {
  it('is an hour after the end inside the day, else the next 10:00 in Shanghai, and always within a day', () => {
    expect(shanghai(surveyRunAfter('2026-12-06T03:00:00Z'))).toBe('12:00');
    // Ends 20:15 in Shanghai: the run goes at 10:01 the next morning.
    const late = surveyRunAfter('2026-12-06T12:15:00Z');
    expect(shanghai(late)).toBe('10:01');
    expect(late.toISOString().slice(0, 10)).toBe('2026-12-07');
    // Ends 05:30: the same morning at 10:01.
    expect(shanghai(surveyRunAfter('2026-12-05T21:30:00Z'))).toBe('10:01');
    for (let minutes = 0; minutes < 24 * 60; minutes += 7) {
      const end = new Date(Date.UTC(2026, 11, 6) + minutes * 60_000);
      const run = surveyRunAfter(end.toISOString());
      const hour = Number(shanghai(run).slice(0, 2));
      expect(hour >= 10 && hour < 18, end.toISOString()).toBe(true);
      expect(run.getTime() - end.getTime()).toBeGreaterThan(0);
      expect(run.getTime() - end.getTime()).toBeLessThan(24 * 3_600_000);
    }
  });
});
