/**
 * A clinic's opening hours: per weekday (Monday first) a span of local wall-clock times, or
 * closed. Times are "HH:MM" on the clinic's own clock (its IANA zone), so 09:00 means nine in
 * the morning there whatever the server's zone. Pure: the schema and the screen both use it.
 */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export type OpeningSpan = { opens: string; closes: string };
export type OpeningHours = Record<Weekday, OpeningSpan | null>;

/** Private clinics here open every day (seed 000): 09:00–18:00 until the owner says otherwise. */
export const defaultOpeningHours = (): OpeningHours =>
  Object.fromEntries(weekdays.map((day) => [day, { opens: '09:00', closes: '18:00' }])) as OpeningHours;

/** "HH:MM" from 00:00 to 24:00 (24:00 only as a closing time, the end of the day). */
export const clockTimePattern = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const minutesOf = (time: string): number => {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
};

/** A span is well-formed when it closes after it opens, on the same day. */
export const spanProblem = (span: OpeningSpan): 'opens' | 'closes' | undefined => {
  if (span.opens === '24:00') return 'opens';
  return minutesOf(span.closes) > minutesOf(span.opens) ? undefined : 'closes';
};

/** Stored clinics written before opening hours existed read as the default week. */
export const openingHoursOrDefault = (stored: unknown): OpeningHours => {
  if (!stored || typeof stored !== 'object') return defaultOpeningHours();
  const fallback = defaultOpeningHours();
  const record = stored as Partial<OpeningHours>;
  return Object.fromEntries(weekdays.map((day) => [day, record[day] === undefined ? fallback[day] : record[day]])) as OpeningHours;
};

/** The weekday of a calendar day (YYYY-MM-DD), whatever zone the server runs in. */
export const weekdayOf = (day: string): Weekday => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // getUTCDay: 0 = Sunday; weekdays start on Monday
  return weekdays[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7] ?? 'mon';
};

/** The clinic's day as minutes after local midnight, or null when it is closed that day. */
export const openMinutesOn = (hours: OpeningHours, day: string): { from: number; to: number } | null => {
  const span = hours[weekdayOf(day)];
  return span ? { from: minutesOf(span.opens), to: minutesOf(span.closes) } : null;
};

/** A chair the clinic has not named, once it has named its chairs (none named: any name goes). */
export const isUnknownChair = (chairs: readonly string[], chair: string): boolean => chairs.length > 0 && !chairs.includes(chair);
