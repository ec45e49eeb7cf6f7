/**
 * A clinic's calendar day and wall-clock time → the UTC instant, with @date-fns/tz's TZDate
 * (daylight saving included). Not in time.ts: @date-fns/tz patches TZDate's prototype when it
 * loads, so bundlers cannot drop it, and the dashboard imports time.ts into its first chunk
 * (+3.4 KB for a function it does not use).
 */
import { TZDate } from '@date-fns/tz';

/**
 * The instant (UTC ISO, invariant 4) at a wall-clock time on a calendar day in a zone; midnight
 * when no time is given. Wall clock, so 10:00 stays 10:00 across a daylight-saving change; a time
 * the change skips (02:30 on a spring-forward night) comes out as TZDate resolves it, an hour on.
 */
export const instantOnLocalDay = (day: string, timeZone: string, at: { hour?: number; minute?: number } = {}): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, at.hour ?? 0, at.minute ?? 0, timeZone).getTime()).toISOString();
};
