/** Seed 000 策略六 人员排班: expected load per weekday-hour against dentists and chairs, with plain advice. */
import { describe, expect, it } from 'vitest';
import { adviceOf, assumedOpeningHours, isOpenHour, staffingPlan, weekdayOccurrences, type StaffingAppointment, type StaffingInput } from '../../shared/domain/plan/staffing.js';

const zone = 'Asia/Shanghai';
const grid = (fill: (weekday: number, hour: number) => number) => Array.from({ length: 7 }, (_, w) => Array.from({ length: 24 }, (_, h) => fill(w, h)));
// 13 weeks from Monday 2026-06-01: each weekday 13 times
const window = { from: '2026-06-01', to: '2026-08-31' };

const input = (over: Partial<StaffingInput> = {}): StaffingInput => ({
  timeZone: zone, openingHours: assumedOpeningHours(), chairs: 3, dentists: 3,
  visits: { grid: grid(() => 0), ...window },
  appointments: { items: [], ...window },
  ...over,
});

/** `n` appointments of `minutes` starting at hour `hour` Shanghai on each of 13 `weekday`s (0 = Monday). */
const booked = (weekday: number, hour: number, n: number, minutes = 30, status = 'completed'): StaffingAppointment[] =>
  Array.from({ length: 13 }, (_, week) => Array.from({ length: n }, () => {
    const start = Date.parse(`2026-06-01T${String(hour).padStart(2, '0')}:00:00+08:00`) + (week * 7 + weekday) * 86_400_000;
    return { startAt: new Date(start).toISOString(), endAt: new Date(start + minutes * 60_000).toISOString(), status };
  })).flat();

describe('weekdayOccurrences and opening hours', () => {
  it('counts each weekday of a window, Monday first', () => {
    expect(weekdayOccurrences(window.from, window.to)).toEqual([13, 13, 13, 13, 13, 13, 13]);
    expect(weekdayOccurrences('2026-06-01', '2026-06-04')).toEqual([1, 1, 1, 0, 0, 0, 0]);
  });

  it('treats an hour the span touches as open', () => {
    const hours = { ...assumedOpeningHours(), sun: null, sat: { opens: '08:30', closes: '12:00' } };
    expect(isOpenHour(hours, 5, 8)).toBe(true);
    expect(isOpenHour(hours, 5, 12)).toBe(false);
    expect(isOpenHour(hours, 6, 10)).toBe(false);
    expect(isOpenHour(hours, 0, 17)).toBe(true);
    expect(isOpenHour(hours, 0, 18)).toBe(false);
  });
});

describe('staffingPlan', () => {
  it('averages per occurrence, takes the larger of visits and bookings, and skips cancellations', () => {
    const plan = staffingPlan(input({
      visits: { grid: grid((w, h) => (w === 1 && h === 10 ? 26 : 0)), ...window },
      appointments: { items: [...booked(1, 10, 1), ...booked(1, 11, 3), ...booked(1, 11, 5, 30, 'cancelled')], ...window },
    }));
    expect(plan.cells[1]?.[10]).toMatchObject({ visitsPerHour: 2, bookedPerHour: 1, demand: 2 });
    expect(plan.cells[1]?.[11]).toMatchObject({ visitsPerHour: 0, bookedPerHour: 3, demand: 3 });
    expect(plan.appointmentsCounted).toBe(13 * 4);
    expect(plan.averageMinutes).toBe(30);
  });

  it('marks hours beyond what the dentists can take, peaks over 1.5× the usual and quiet ones under half', () => {
    // every open hour 1 patient; Saturday 9–12 six an hour (30 min each: 3 dentists take 4.8 at 80%)
    const plan = staffingPlan(input({ visits: { grid: grid((w, h) => (h >= 9 && h < 18 ? (w === 5 && h < 12 ? 78 : w === 1 && h >= 14 && h < 16 ? 0 : 13) : 0)), ...window } }));
    expect(plan.available).toBe(3);
    expect(plan.capacityPerHour).toBe(4.8);
    expect(plan.cells[5]?.[9]).toMatchObject({ demand: 6, dentistsNeeded: 4, level: 'over' });
    expect(plan.cells[0]?.[10]?.level).toBe('normal');
    expect(plan.cells[1]?.[14]?.level).toBe('quiet');
    expect(plan.cells[0]?.[20]?.level).toBe('closed');
    expect(plan.hours).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(plan.advice).toEqual([
      { kind: 'add-dentist', weekdays: [5], fromHour: 9, toHour: 12, demand: 6, people: 1 },
      { kind: 'fewer-people', weekdays: [1], fromHour: 14, toHour: 16, demand: 0, people: 2 },
    ]);
  });

  it('calls a peak the chairs can still take "add help", and says patients came outside the hours', () => {
    const plan = staffingPlan(input({ visits: { grid: grid((w, h) => (h >= 9 && h < 18 ? (w >= 5 && h >= 10 && h < 13 ? 39 : 13) : h === 19 ? 13 : 0)), ...window } }));
    expect(plan.cells[5]?.[10]).toMatchObject({ demand: 3, level: 'peak' });
    expect(plan.cells[2]?.[19]?.level).toBe('outside');
    expect(plan.advice).toEqual([{ kind: 'add-help', weekdays: [5, 6], fromHour: 10, toHour: 13, demand: 3, people: 0 }]);
  });

  it('is limited by the fewer of chairs and dentists, and needs nobody extra for a tiny peak', () => {
    const one = staffingPlan(input({ chairs: 1, visits: { grid: grid((w, h) => (h === 10 ? 26 : 0)), ...window } }));
    expect(one.available).toBe(1);
    expect(one.cells[0]?.[10]).toMatchObject({ demand: 2, dentistsNeeded: 2, level: 'over' });
    const tiny = staffingPlan(input({ visits: { grid: grid((w, h) => (h === 10 ? 1 : 0)), ...window } }));
    expect(tiny.cells.flat().some((c) => c.level === 'peak' || c.level === 'over')).toBe(false);
  });

  it('counts an appointment in the clinic zone hour, and nothing outside the window', () => {
    const early = booked(0, 9, 1).slice(0, 1).map((a) => ({ ...a, startAt: '2026-05-31T01:00:00.000Z', endAt: '2026-05-31T01:30:00.000Z' }));
    const plan = staffingPlan(input({ visits: null, appointments: { items: [...booked(2, 9, 2), ...early], ...window } }));
    expect(plan.cells[2]?.[9]?.bookedPerHour).toBe(2);
    expect(plan.appointmentsCounted).toBe(26);
    expect(plan.visitsCounted).toBe(0);
  });
});

describe('adviceOf', () => {
  it('leaves out a quiet spell shorter than two hours', () => {
    const cell = (level: 'quiet' | 'normal') => ({ open: true, demand: level === 'quiet' ? 0.2 : 2, visitsPerHour: 0, bookedPerHour: 0, dentistsNeeded: level === 'quiet' ? 1 : 1, level });
    const cells = Array.from({ length: 7 }, () => Array.from({ length: 24 }, (_, h) => cell(h === 10 ? 'quiet' : 'normal')));
    expect(adviceOf(cells, 3)).toEqual([]);
  });
});
