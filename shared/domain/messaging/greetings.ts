/**
 * Birthday and holiday greetings, by the clinic's calendar (invariant 4). Pure: which birthday
 * index partitions a local day reads, and the occasions that make each greeting once a year.
 */
import type { Holiday } from '../../schemas/automations.js';

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The month-days whose patients are greeted on `localDay` (YYYY-MM-DD). Those born on Feb 29
 * are greeted on Feb 28 in years without one, so nobody waits four years.
 */
export const birthdayMonthDays = (localDay: string): string[] => {
  const monthDay = localDay.slice(5, 10);
  return monthDay === '02-28' && !isLeapYear(Number(localDay.slice(0, 4))) ? ['02-28', '02-29'] : [monthDay];
};

/** One greeting per patient per year, whichever hour or delivery sends it. */
export const birthdayOccasion = (localDay: string): string => `birthday.${localDay.slice(0, 4)}`;

export const holidayOccasion = (holiday: Pick<Holiday, 'date'>): string => `holiday.${holiday.date}`;

/**
 * The holiday greeted on the clinic's local day, if any. The occasion is the date, so two
 * holidays listed on one date make one greeting: the first listed.
 */
export const holidayOn = (holidays: readonly Holiday[], localDay: string): Holiday | undefined => holidays.find((h) => h.date === localDay);
