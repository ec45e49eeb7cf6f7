/**
 * Sending windows in the clinic's own time zone (China practice: marketing 08:00–20:00). A
 * message outside its window is deferred to the next opening, never dropped. Works in zones with
 * daylight saving: the window is local wall-clock time.
 */
import { TZDate } from '@date-fns/tz';

export type SendingWindow = { startHour: number; endHour: number };
export const defaultWindows: Record<'care' | 'marketing', SendingWindow> = {
  care: { startHour: 8, endHour: 21 },
  marketing: { startHour: 8, endHour: 20 },
};

/** The hour of the day at `instant` in the clinic's zone (0–23). */
export const localHour = (instant: Date, timeZone: string): number => localParts(instant, timeZone).hour;

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number };

// A job or a campaign page decides many messages at one `now` in a few zones: the parts are kept
// per (instant, zone), since a TZDate resolves the zone's offset through Intl each time.
const recentParts = new Map<string, LocalParts>();

const localParts = (instant: Date, timeZone: string): LocalParts => {
  const key = `${instant.getTime()}|${timeZone}`;
  const kept = recentParts.get(key);
  if (kept) return kept;
  const local = new TZDate(instant.getTime(), timeZone);
  const parts = { year: local.getFullYear(), month: local.getMonth(), day: local.getDate(), hour: local.getHours(), minute: local.getMinutes() };
  if (recentParts.size >= 256) recentParts.clear();
  recentParts.set(key, parts);
  return parts;
};

export const insideWindow = (instant: Date, timeZone: string, window: SendingWindow): boolean => {
  const { hour } = localParts(instant, timeZone);
  return hour >= window.startHour && hour < window.endHour;
};

/** The next moment the window opens, at or after `instant` (today's opening if still ahead, else tomorrow's). */
export const nextOpening = (instant: Date, timeZone: string, window: SendingWindow): Date => {
  const { year, month, day, hour } = localParts(instant, timeZone);
  const dayOffset = hour < window.startHour ? 0 : 1;
  return new Date(new TZDate(year, month, day + dayOffset, window.startHour, 0, timeZone).getTime());
};
