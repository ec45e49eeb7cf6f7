/**
 * How a debit takes value out of principal and bonus.
 *
 * Rounding (proportional): the bonus part is floor(amount × bonus / total) and the principal part
 * is the rest, so the two parts always add up to the amount exactly — no fen is lost or made —
 * and the odd fen falls on principal. Neither part can exceed its balance when amount ≤ total:
 * bonusPart ≤ amount·b/t ≤ b, and principalPart = amount − floor(amount·b/t) < amount·p/t + 1 ≤ p + 1.
 * BigInt keeps amount × bonus exact past 2^53.
 */
import type { Fen } from '../money.js';
import type { DebitOrder } from './bonus-rules.js';
import { totalFen, type WalletBalance } from './ledger.js';

export type DebitSplit = { principalFen: Fen; bonusFen: Fen };

export const splitDebit = (balance: WalletBalance, amountFen: Fen, order: DebitOrder): DebitSplit | undefined => {
  const total = totalFen(balance);
  if (amountFen <= 0 || amountFen > total) return undefined;
  if (order === 'principal-first') {
    const principalFen = Math.min(amountFen, balance.principalFen);
    return { principalFen, bonusFen: amountFen - principalFen };
  }
  const bonusFen = Number((BigInt(amountFen) * BigInt(balance.bonusFen)) / BigInt(total));
  return { principalFen: amountFen - bonusFen, bonusFen };
};
