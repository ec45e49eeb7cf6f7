/**
 * Times and calendar days, the one home of day arithmetic. Times are stored as UTC ISO-8601
 * (invariant 4); clinics carry an IANA zone for local days.
 *
 * A calendar day is a 'YYYY-MM-DD' string with no zone: arithmetic on it is done on its UTC
 * midnight, where every day is exactly 24 h, so neither daylight saving nor the process's zone
 * can shift it. A zone enters only where an instant becomes a day (localDay); the other way, a
 * day and a wall-clock time to an instant, is local-instant.ts (apart, see there).
 *
 * Why not date-fns for the day arithmetic: these run per patient in the nightly jobs (100,000
 * patients) and per record in the demo seed. Measured on Node 20, date-fns' addDays and
 * differenceInCalendarDays on parsed 'YYYY-MM-DD' are 4–11× slower than this string arithmetic,
 * and addDays 20× with `{ in: tz('UTC') }`, which they need to be independent of the process's zone;
 * and a localDay formatting a TZDate with date-fns is 10× slower than a kept Intl formatter.
 */
export const defaultTimeZone = 'Asia/Shanghai';

/** The chain's zone for chain-wide days and months: its first clinic's (a chain's clinics share one zone in practice). */
export const chainTimeZone = (clinics: ReadonlyArray<{ timeZone?: string }>): string => clinics[0]?.timeZone ?? defaultTimeZone;

export const isValidTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
};

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day (YYYY-MM-DD) of an instant in a zone. One formatter per zone, kept: building
 * an Intl.DateTimeFormat costs ~100× formatting with it, and rollup recomputation and the demo
 * seed call this for every record (10 s → 0.1 s for the demo history).
 */
export const localDay = (instant: Date, timeZone: string): string => {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
};

const dayMs = 86_400_000;

/** The UTC midnight of a calendar day, in ms: NaN when `day` is not a date. */
const utcMidnight = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/**
 * A calendar day plus (or minus, for negative `days`) whole days: '2026-02-27' + 2 = '2026-03-01',
 * '2028-02-28' + 1 = '2028-02-29', '2026-01-01' - 1 = '2025-12-31'. Day-of-month past the
 * month's end rolls over ('2026-02-30' + 0 = '2026-03-02'); a string without a numeric year,
 * month and day throws a RangeError.
 */
export const addDays = (day: string, days: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

/**
 * Whole calendar days from `from` to `to`: 0 on the same day, negative when `to` is earlier
 * ('2026-03-01' to '2026-02-28' is -1). So addDays(from, daysBetween(from, to)) === to.
 */
export const daysBetween = (from: string, to: string): number => Math.round((utcMidnight(to) - utcMidnight(from)) / dayMs);

/**
 * How many days a range covers with both ends counted: 1 for from === to, 30 for a 30-day range
 * ending today. Not daysBetween: this is daysBetween(from, to) + 1 (0 or less when to < from).
 */
export const daysInRange = (from: string, to: string): number => daysBetween(from, to) + 1;

/**
 * A calendar day plus (or minus) whole months; a day-of-month the target month lacks becomes its
 * last day (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year), as date-fns' addMonths does.
 */
export const addMonths = (day: string, months: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
};
