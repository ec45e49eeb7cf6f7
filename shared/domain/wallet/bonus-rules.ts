/**
 * The owner's top-up bonus rules (充5000送500), one versioned set per chain: tiers by threshold,
 * the highest tier the top-up reaches applies, and how a debit splits principal and bonus.
 */
import type { Fen } from '../money.js';
import type { FieldProblem } from '../errors.js';

export type BonusTier = { thresholdFen: Fen; bonusFen: Fen };
/** principal-first: the paid money goes first (the refundable part shrinks first); proportional: both in their ratio. */
export type DebitOrder = 'principal-first' | 'proportional';
export type WalletRules = { tiers: BonusTier[]; debitOrder: DebitOrder };

export const defaultWalletRules: WalletRules = { tiers: [], debitOrder: 'principal-first' };

/** The bonus a top-up earns: the highest tier whose threshold it reaches, else none. */
export const bonusFor = (rules: Pick<WalletRules, 'tiers'>, amountFen: Fen): Fen =>
  rules.tiers.filter((t) => amountFen >= t.thresholdFen).reduce<BonusTier | undefined>((best, t) => (!best || t.thresholdFen > best.thresholdFen ? t : best), undefined)?.bonusFen ?? 0;

/** Rules a person can act on: distinct thresholds, and a bonus smaller than what earns it. */
export const checkTiers = (tiers: readonly BonusTier[]): FieldProblem[] => {
  const problems: FieldProblem[] = [];
  const seen = new Set<number>();
  tiers.forEach((tier, i) => {
    if (seen.has(tier.thresholdFen)) problems.push({ path: `tiers.${i}.thresholdFen`, message: 'repeats the threshold of another tier', code: 'list.repeat' });
    seen.add(tier.thresholdFen);
    if (tier.bonusFen >= tier.thresholdFen) problems.push({ path: `tiers.${i}.bonusFen`, message: 'must be less than the tier’s threshold', code: 'number.too_big' });
  });
  return problems;
};
