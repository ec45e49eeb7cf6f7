/**
 * Membership fees as revenue: a term's price is earned evenly over its months (the month it
 * starts counts as the first), so the money of a 12-month card sold in May is 1/12 earned each
 * month May..April and the rest is owed to the patient (unearned, a liability). A cancellation
 * settles what was still unearned in its month: the refund goes back out, the remainder is earned.
 * Integer fen: month i of a term earns floor(P·(i+1)/T) − floor(P·i/T), so the months add up to P.
 * Pure: the rollups (shared/domain/members/numbers.ts) give sales and cancellations by month.
 */

/** YYYY-MM arithmetic. */
export const monthOf = (day: string): string => day.slice(0, 7);
export const addMonthsTo = (month: string, n: number): string => {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
};
export const monthsFrom = (from: string, to: string): number =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
export const monthRange = (from: string, to: string): string[] => Array.from({ length: Math.max(0, monthsFrom(from, to) + 1) }, (_, i) => addMonthsTo(from, i));

/** Fees of terms that start in `startMonth` and run `termMonths` months. */
export type Spread = { startMonth: string; termMonths: number; fen: number; soldMonth?: string };
/** A cancellation in `month` of spreads not yet fully earned, and the refund paid back. */
export type Settlement = { month: string; withdrawn: Spread[]; refundFen: number };

/** What a spread earns in one month. */
export const earnedIn = (spread: Spread, month: string): number => {
  const i = monthsFrom(spread.startMonth, month);
  if (i < 0 || i >= spread.termMonths) return 0;
  const upTo = (k: number) => Math.floor((spread.fen * k) / spread.termMonths);
  return upTo(i + 1) - upTo(i);
};

/** What of a spread is still unearned after `month` ends. */
export const unearnedAfter = (spread: Spread, month: string): number => {
  // Paid later than this month (a renewal sold ahead of its start is owed from its sale on).
  if (spread.soldMonth !== undefined && spread.soldMonth > month) return 0;
  const i = monthsFrom(spread.startMonth, month);
  if (i < 0) return spread.fen;
  if (i >= spread.termMonths - 1) return 0;
  return spread.fen - Math.floor((spread.fen * (i + 1)) / spread.termMonths);
};

/**
 * Revenue earned in `month`: the spreads' share, less the share of spreads withdrawn by an
 * earlier cancellation, plus, in a cancellation's month, what it left unearned minus its refund.
 */
export const recognisedIn = (spreads: readonly Spread[], settlements: readonly Settlement[], month: string): number => {
  let fen = spreads.reduce((sum, s) => sum + earnedIn(s, month), 0);
  for (const settlement of settlements) {
    if (settlement.month < month) fen -= settlement.withdrawn.reduce((sum, s) => sum + earnedIn(s, month), 0);
    if (settlement.month === month) fen += settlement.withdrawn.reduce((sum, s) => sum + unearnedAfter(s, month), 0) - settlement.refundFen;
  }
  return fen;
};

/** Fees owed to patients when `month` ends: unearned shares of spreads not settled by then. */
export const unearnedAtEndOf = (spreads: readonly Spread[], settlements: readonly Settlement[], month: string): number => {
  let fen = spreads.reduce((sum, s) => sum + unearnedAfter(s, month), 0);
  for (const settlement of settlements) if (settlement.month <= month) fen -= settlement.withdrawn.reduce((sum, s) => sum + unearnedAfter(s, month), 0);
  return fen;
};
