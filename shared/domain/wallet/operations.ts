/**
 * Each wallet operation as a pure step: from the balance read and the request, the ledger
 * delta to write (the writer turns it into a conditional update plus a ledger row), or the
 * field a person must fix. Amounts are checked integer fen > 0 by the schemas before this.
 */
import type { Fen } from '../money.js';
import { bonusFor, type DebitOrder, type WalletRules } from './bonus-rules.js';
import { formatYuan } from '../money.js';
import { totalFen, type WalletBalance, type WalletDelta } from './ledger.js';
import { splitDebit } from './split.js';
import type { FieldProblem } from '../errors.js';

export type WalletProblem = FieldProblem;
export type Planned<T> = { ok: true; value: T } | { ok: false; problem: WalletProblem };

const refuse = (path: string, message: string, code: FieldProblem['code']): { ok: false; problem: WalletProblem } => ({ ok: false, problem: { path, message, code } });

export const planTopUp = (rules: Pick<WalletRules, 'tiers'>, amountFen: Fen): WalletDelta => ({ kind: 'top-up', principalFen: amountFen, bonusFen: bonusFor(rules, amountFen) });

const takeOut = (balance: WalletBalance, amountFen: Fen, order: DebitOrder, kind: 'debit' | 'transfer-out'): Planned<WalletDelta> => {
  const split = splitDebit(balance, amountFen, order);
  if (!split) return refuse('amountFen', `is more than the balance of ${formatYuan(totalFen(balance))}`, 'money.over_balance');
  return { ok: true, value: { kind, principalFen: -split.principalFen, bonusFen: -split.bonusFen } };
};

export const planDebit = (balance: WalletBalance, amountFen: Fen, order: DebitOrder): Planned<WalletDelta> => takeOut(balance, amountFen, order, 'debit');

/**
 * A refund pays back principal only (all of it by default) and forfeits the whole bonus: the
 * bonus was given for keeping the money on the card, so it lapses once money is taken back.
 */
export const planRefund = (balance: WalletBalance, amountFen: Fen | undefined): Planned<WalletDelta> => {
  const amount = amountFen ?? balance.principalFen;
  if (amount <= 0) return refuse('amountFen', 'there is no principal left to refund', 'money.refund');
  if (amount > balance.principalFen) return refuse('amountFen', `is more than the refundable principal of ${formatYuan(balance.principalFen)}`, 'money.refund');
  return { ok: true, value: { kind: 'refund', principalFen: -amount, bonusFen: -balance.bonusFen } };
};

/** A transfer takes out as a debit would and gives the member exactly those parts: paid money stays refundable. */
export const planTransfer = (balance: WalletBalance, amountFen: Fen, order: DebitOrder): Planned<{ out: WalletDelta; in: WalletDelta }> => {
  const out = takeOut(balance, amountFen, order, 'transfer-out');
  if (!out.ok) return out;
  return { ok: true, value: { out: out.value, in: { kind: 'transfer-in', principalFen: -out.value.principalFen, bonusFen: -out.value.bonusFen } } };
};

/** A void gives back exactly what the debit took, part by part. */
export const planVoid = (debit: WalletDelta): Planned<WalletDelta> => {
  if (debit.kind !== 'debit') return refuse('entryId', 'is not a debit', 'id.invalid');
  return { ok: true, value: { kind: 'void', principalFen: -debit.principalFen, bonusFen: -debit.bonusFen } };
};

/** A merge moves the duplicate's whole balance, part by part, into the record that stays: nothing is made or lost. */
export const planMerge = (balance: WalletBalance): { out: WalletDelta; in: WalletDelta } => ({
  out: { kind: 'merge-out', principalFen: -balance.principalFen, bonusFen: -balance.bonusFen },
  in: { kind: 'merge-in', principalFen: balance.principalFen, bonusFen: balance.bonusFen },
});
