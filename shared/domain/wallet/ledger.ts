/**
 * Stored value (储值) as a ledger: every change is one entry with signed principal and bonus
 * deltas, and the account's balances are the running sum of them (invariant 8). Principal is what
 * the patient paid and may be refunded; bonus is what the chain gave and is never paid back.
 */
import type { Fen } from '../money.js';

export type WalletBalance = { principalFen: Fen; bonusFen: Fen };

/**
 * merge-out / merge-in: a duplicate record's whole balance moved into the record that stays
 * (merge-service.ts); bonus-expiry: bonus given with a top-up, lapsed by the owner's rule.
 */
export const walletEntryKinds = ['top-up', 'debit', 'refund', 'transfer-out', 'transfer-in', 'void', 'merge-out', 'merge-in', 'bonus-expiry'] as const;
export type WalletEntryKind = (typeof walletEntryKinds)[number];

/** One ledger row's effect on the balances; negative deltas take value out. */
export type WalletDelta = { kind: WalletEntryKind; principalFen: Fen; bonusFen: Fen };

export const emptyBalance: WalletBalance = { principalFen: 0, bonusFen: 0 };

export const totalFen = (balance: WalletBalance): Fen => balance.principalFen + balance.bonusFen;

export const applyDelta = (balance: WalletBalance, delta: Pick<WalletDelta, 'principalFen' | 'bonusFen'>): WalletBalance => ({
  principalFen: balance.principalFen + delta.principalFen,
  bonusFen: balance.bonusFen + delta.bonusFen,
});

/** The balance a ledger adds up to: what the stored account must always equal. */
export const ledgerSum = (entries: readonly Pick<WalletDelta, 'principalFen' | 'bonusFen'>[]): WalletBalance =>
  entries.reduce<WalletBalance>(applyDelta, emptyBalance);

export const isValidBalance = (balance: WalletBalance): boolean =>
  Number.isSafeInteger(balance.principalFen) && Number.isSafeInteger(balance.bonusFen) && balance.principalFen >= 0 && balance.bonusFen >= 0;
