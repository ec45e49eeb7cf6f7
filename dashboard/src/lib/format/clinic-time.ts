/**
 * Clock times in the clinic's zone (clinic.timeZone, default Asia/Shanghai), whatever zone the
 * browser is in. Times travel as UTC ISO; people read and type the clinic's wall clock.
 */
import { addDays, localDay } from '$shared/domain/time';

export { addDays, localDay };

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const partsFormatter = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
};

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

export const wallClockAt = (instant: Date, timeZone: string): WallClock => {
  const parts = partsFormatter(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
};

/** The zone's offset from UTC at an instant, in ms (Shanghai: +8 h). */
const offsetAt = (ms: number, timeZone: string): number => {
  const w = wallClockAt(new Date(ms), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
};

/** A clinic day and wall-clock time (YYYY-MM-DD, HH:mm) → the UTC ISO instant. */
export const zonedToUtc = (day: string, time: string, timeZone: string): string => {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const [h = 0, min = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h, min);
  // twice: the first guess may sit on the other side of a daylight-saving change
  const first = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(first, timeZone)).toISOString();
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** "09:30" in the clinic's zone. */
export const clockTime = (iso: string, timeZone: string): string => {
  const w = wallClockAt(new Date(iso), timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
};

/** Minutes since the clinic's midnight. */
export const minutesOfDay = (iso: string, timeZone: string): number => {
  const w = wallClockAt(new Date(iso), timeZone);
  return w.hour * 60 + w.minute;
};

export const clinicToday = (timeZone: string, now: Date = new Date()): string => localDay(now, timeZone);

export const dayOf = (iso: string, timeZone: string): string => localDay(new Date(iso), timeZone);

/** Monday of the day's week. */
export const mondayOf = (day: string): string => {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
};

export const isIsoDay = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** "HH:mm" for minutes since midnight. */
export const minutesToClock = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** An <input type="datetime-local"> value (clinic wall clock) → UTC ISO. */
export const localInputToUtc = (value: string, timeZone: string): string | null => {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  return match?.[1] && match[2] ? zonedToUtc(match[1], match[2], timeZone) : null;
};

/** UTC ISO → an <input type="datetime-local"> value on the clinic's wall clock. */
export const utcToLocalInput = (iso: string, timeZone: string): string => `${dayOf(iso, timeZone)}T${clockTime(iso, timeZone)}`;
