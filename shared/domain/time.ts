/** Times are stored as UTC ISO-8601 (invariant 4); clinics carry an IANA zone for local days. */
export const defaultTimeZone = 'Asia/Shanghai';

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

/** A calendar day plus (or minus) whole days: YYYY-MM-DD in, YYYY-MM-DD out, no time zone involved. */
export const addDays = (day: string, days: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};
