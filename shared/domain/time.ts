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

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export const localDay = (instant: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);

/** A calendar day plus (or minus) whole days: YYYY-MM-DD in, YYYY-MM-DD out, no time zone involved. */
export const addDays = (day: string, days: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};
