/**
 * A membership's calendar: term ends counted from the first day (so Jan 31 + 1, 2, 3 months is
 * Feb 28, Mar 31, Apr 30, never drifting to the 28th), renewal from the old end, and the grace
 * period after the end in which a lapsed card may still be renewed.
 */
import { addDays, addMonths } from '../time.js';
import type { Membership, MembershipTerm } from '../../schemas/members.js';

export type MemberStatus = 'active' | 'lapsed' | 'cancelled' | 'not-started';

/** The end (exclusive) after `monthsPaid` months from the anchor day. */
export const termEnd = (anchorDate: string, monthsPaid: number): string => addMonths(anchorDate, monthsPaid);

export const statusOn = (membership: Pick<Membership, 'status' | 'anchorDate' | 'endDate'>, day: string): MemberStatus => {
  if (membership.status === 'cancelled') return 'cancelled';
  if (day < membership.anchorDate) return 'not-started';
  return day < membership.endDate ? 'active' : 'lapsed';
};

/** The paid term a day falls in, if any. */
export const termOn = (periods: readonly MembershipTerm[], day: string): MembershipTerm | undefined =>
  periods.find((p) => p.startDate <= day && day < p.endDate);

export type RenewalDates = { ok: true; startDate: string; endDate: string; monthsPaid: number } | { ok: false; reason: 'cancelled' | 'past-grace'; lastDay?: string };

/**
 * Renewal starts at the old end, whether renewed early or within the grace period after it; past
 * the grace period the card is gone and a new membership is sold instead.
 */
export const renewalDates = (membership: Pick<Membership, 'status' | 'anchorDate' | 'endDate' | 'monthsPaid'>, termMonths: number, graceDays: number, today: string): RenewalDates => {
  if (membership.status === 'cancelled') return { ok: false, reason: 'cancelled' };
  const lastDay = addDays(membership.endDate, graceDays);
  if (today >= lastDay) return { ok: false, reason: 'past-grace', lastDay };
  const monthsPaid = membership.monthsPaid + termMonths;
  return { ok: true, startDate: membership.endDate, endDate: termEnd(membership.anchorDate, monthsPaid), monthsPaid };
};
