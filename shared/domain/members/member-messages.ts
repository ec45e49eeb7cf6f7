/**
 * The members' messages as pure decisions (issue 11, item 9): which reminder a membership ending
 * on a day is due for, what its term is still owed, the value the member received, and the
 * occasion keys that make each message once per member and occasion (invariant 7).
 *
 * No text here names a treatment: the messages carry only counts and money (invariant 9).
 */
import type { Membership } from '../../schemas/members.js';
import { addDays } from '../time.js';
import type { Counters } from './entitlements.js';
import { usedKeyOf } from './entitlements.js';

/** The counter holding the list value used in a term: the running sum of its ledger rows' listValueFen. */
export const usedValueKeyOf = (term: number): string => `v|${term}`;

/** The term that ends on the card's end date (the one a renewal reminder speaks of). */
export const lastTermOf = (membership: Pick<Membership, 'periods'>): number => membership.periods.at(-1)?.n ?? 1;

/** The list value of what the card covered in a term (never negative: a void gives back exactly what it took). */
export const valueReceived = (counters: Counters, term: number): number => Math.max(0, Number(counters[usedValueKeyOf(term)] ?? 0));

/** 124000 → "¥1,240"; 124050 → "¥1,240.50" (how a patient reads money, not an invoice). */
export const formatSaving = (fen: number): string => {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return `¥${yuan.toLocaleString('en-US')}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
};

/** Whether the plan includes a service counted per calendar month (the monthly check-up). */
export const hasMonthlyService = (membership: Pick<Membership, 'terms'>): boolean =>
  membership.terms.included.some((s) => s.allowance.kind === 'count' && s.allowance.per === 'month');

/**
 * Counted benefits of the current term still unused: per-term counts only (a monthly allowance
 * starts again each month, an unlimited one cannot be "left"); a per-person allowance counts for
 * each member of the family card.
 */
export const unusedBenefits = (membership: Pick<Membership, 'terms' | 'memberPatientIds' | 'holderPatientId'>, counters: Counters, term: number, day: string): number =>
  membership.terms.included.reduce((sum, service) => {
    if (service.allowance.kind !== 'count' || service.allowance.per !== 'term') return sum;
    const allowed = service.allowance.count;
    const people = service.sharing === 'per-person' ? membership.memberPatientIds : [membership.holderPatientId];
    return sum + people.reduce((left, patientId) => left + Math.max(0, allowed - Number(counters[usedKeyOf(service, term, day, patientId)] ?? 0)), 0);
  }, 0);

export type MemberReminder = { kind: 'renewal'; daysBefore: number } | { kind: 'lapsed' } | { kind: 'benefits' };

/**
 * The reminders due today for a card ending on `endDate` (exclusive: its first uncovered day):
 * a renewal reminder on each configured day before, the lapse notice on the end day itself, the
 * unused-benefit nudge on its day. The daily job reads exactly the end dates these name.
 */
export const remindersDue = (
  endDate: string,
  today: string,
  settings: { renewalDays: readonly number[]; onLapse: boolean; benefitsDays: number | undefined },
): MemberReminder[] => [
  ...settings.renewalDays.filter((d) => addDays(today, d) === endDate).map((daysBefore) => ({ kind: 'renewal', daysBefore }) as const),
  ...(settings.onLapse && endDate === today ? [{ kind: 'lapsed' } as const] : []),
  ...(settings.benefitsDays !== undefined && addDays(today, settings.benefitsDays) === endDate ? [{ kind: 'benefits' } as const] : []),
];

/** The end dates the job reads today: one index range per date, nothing else. */
export const endDatesToRead = (today: string, settings: { renewalDays: readonly number[]; onLapse: boolean; benefitsDays: number | undefined }): string[] =>
  [...new Set([...settings.renewalDays.map((d) => addDays(today, d)), ...(settings.onLapse ? [today] : []), ...(settings.benefitsDays !== undefined ? [addDays(today, settings.benefitsDays)] : [])])].sort();

/** One per card, end date (a renewal moves it) and reminder; the check-up one per member and month. */
export const memberOccasion = (membershipId: string, endDate: string, reminder: MemberReminder): string => {
  if (reminder.kind === 'renewal') return `renewal.${membershipId}.${endDate}.${reminder.daysBefore}`;
  if (reminder.kind === 'lapsed') return `renewal.${membershipId}.${endDate}.lapsed`;
  return `benefits.${membershipId}.${endDate}`;
};

export const checkupOccasion = (membershipId: string, month: string): string => `checkup.${membershipId}.${month}`;

/** Once per crossing: the account's version read right after the debit that crossed (low-balance-notice.ts). */
export const lowBalanceOccasion = (accountVersion: number): string => `low-balance.v${accountVersion}`;

/** A debit crossed the threshold when the balance was at or above it before and is below it after. */
export const crossedBelow = (beforeFen: number, afterFen: number, thresholdFen: number): boolean => beforeFen >= thresholdFen && afterFen < thresholdFen;
