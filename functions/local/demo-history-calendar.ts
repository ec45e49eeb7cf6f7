/**
 * The demo chain's calendar: how busy a clinic day is, relative to an ordinary weekday.
 * Chinese dental clinics see a summer peak (students on holiday start orthodontics, families
 * travel back), a rush in the weeks before 春节 (people fix their teeth before going home), an
 * almost empty 春节 holiday week and a quiet 国庆 golden week; weekends are busier than weekdays.
 */
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import { addDays, daysBetween, daysInRange } from '../../shared/domain/time.js';
import type { DemoRandom } from './demo-history-random.js';

/** 春节 (first day of the lunar year); the holiday week is its eve plus six days. */
export const springFestival: Readonly<Record<number, string>> = {
  2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10', 2025: '2025-01-29',
  2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-03',
};

/** Sunday first, as Date.getUTCDay counts. */
const weekdayFactor = [1.25, 0.8, 0.9, 0.95, 0.95, 1.05, 1.35] as const;

/** The 春节 holiday week: its eve and the six days after (clinics mostly closed). */
export const inSpringFestivalWeek = (day: string): boolean => {
  const festival = springFestival[Number(day.slice(0, 4))];
  if (!festival) return false;
  const offset = daysBetween(festival, day);
  return offset >= -1 && offset <= 6;
};

const festivalFactor = (day: string): number => {
  const festival = springFestival[Number(day.slice(0, 4))];
  if (!festival) return 1;
  const offset = daysBetween(festival, day);
  if (offset >= -1 && offset <= 6) return 0.12;
  if (offset >= -22 && offset < -1) return 1.45;
  if (offset > 6 && offset <= 13) return 0.8;
  return 1;
};

const monthFactor = (day: string): number => {
  const month = Number(day.slice(5, 7));
  const date = Number(day.slice(8, 10));
  if (month === 7 || month === 8) return 1.4;
  if (month === 10 && date <= 7) return 0.6;
  if (month === 6 || month === 12) return 1.05;
  return 1;
};

/** Relative busyness of a clinic day (1 = an ordinary weekday). */
export const seasonWeight = (day: string): number =>
  (weekdayFactor[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? 1) * monthFactor(day) * festivalFactor(day);

/** The largest weight seasonWeight can return; rejection sampling divides by it. */
const maxWeight = 1.35 * 1.45 * 1.05;

/**
 * A day near `target` (within ±window) that follows the season: people delay a check-up past
 * 春节 and pull it into the summer. Falls back to the target after a few tries.
 */
export const seasonalDay = (random: DemoRandom, target: string, window: number): string => {
  for (let i = 0; i < 8; i++) {
    const day = addDays(target, random.int(-window, window));
    if (random.next() * maxWeight < seasonWeight(day)) return day;
  }
  return target;
};

/** Days from `from` to `to`, both inclusive, with cumulative season weights for fast sampling. */
export class SeasonalDays {
  readonly days: string[] = [];
  private readonly cumulative: number[] = [];

  constructor(from: string, to: string, trend: (index: number, count: number) => number = () => 1) {
    const count = daysInRange(from, to);
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const day = addDays(from, i);
      sum += seasonWeight(day) * trend(i, count);
      this.days.push(day);
      this.cumulative.push(sum);
    }
  }

  sample(random: DemoRandom): string {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    const r = random.next() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    return this.days[lo] ?? this.days[0] ?? '';
  }
}

const midnights = new Map<string, number>();

/**
 * The UTC instant of a wall-clock time on a clinic's local day (invariant 4: stored in UTC).
 * Local midnight is looked up once per zone and day (tens of thousands of visits share ~1,100
 * days); a day on which daylight saving changes would be off by that hour, which China has not.
 */
export const localInstant = (day: string, hour: number, minute: number, timeZone: string): number => {
  const key = `${timeZone}|${day}`;
  let midnight = midnights.get(key);
  if (midnight === undefined) {
    midnight = Date.parse(instantOnLocalDay(day, timeZone));
    midnights.set(key, midnight);
  }
  return midnight + hour * 3_600_000 + minute * 60_000;
};
