/**
 * Membership renewal reminders (settings.renewal.daysBefore, e.g. 45 and 7 days before expiry).
 * The daily members job reads the exact end dates due from its index (members/member-messages.ts);
 * these helpers remain for a screen that shows a card's reminder calendar.
 * Pure: which reminder is due on a local day. Each reminder day is its own occasion, so the
 * 30-day and the 7-day reminder are each sent once; a day missed (the job was down) is caught up
 * on a later day, but only the nearest one: nobody gets two reminders on one day.
 */
import { addDays, daysBetween } from '../time.js';

/**
 * The reminder (its days-before) due on `today` for a membership expiring on `expiresOn`, or
 * undefined: the smallest configured day at or beyond the days left. None once it has expired.
 */
export const renewalReminderDue = (expiresOn: string, today: string, daysBefore: readonly number[]): number | undefined => {
  const left = daysBetween(today, expiresOn);
  if (left < 0) return undefined;
  const due = daysBefore.filter((d) => d >= left);
  return due.length ? Math.min(...due) : undefined;
};

/** The days the reminders fall on, earliest first: what the membership page can show. */
export const renewalSchedule = (expiresOn: string, daysBefore: readonly number[]): { daysBefore: number; on: string }[] =>
  [...daysBefore].sort((a, b) => b - a).map((d) => ({ daysBefore: d, on: addDays(expiresOn, -d) }));

/** One per membership, expiry (a renewal moves it) and reminder day. */
export const renewalOccasion = (membershipId: string, expiresOn: string, daysBefore: number): string => `renewal.${membershipId}.${expiresOn}.${daysBefore}`;
