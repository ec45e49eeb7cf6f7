/**
 * A checkout paid (in part) with stored value (储值): the debit is planned from the balance read
 * now, by the chain's debit order (principal first unless the owner chose proportional), and
 * written in the checkout's own transaction, whose condition holds the balance to it. A balance
 * too short, when read or after losing a race, is a 409 saying what is left.
 */
import { ulid } from 'ulid';
import type { Caller } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import { storedValueFen } from '../../shared/domain/checkout/payments.js';
import { formatYuan } from '../../shared/domain/money.js';
import { totalFen } from '../../shared/domain/wallet/ledger.js';
import { planDebit } from '../../shared/domain/wallet/operations.js';
import type { PaymentInput, StoredValueDebit } from '../../shared/schemas/visit.js';
import { getWalletAccount, getWalletRules, type WalletWrite } from '../adapters/dynamo/wallet-repository.js';

/** `balanceAfterFen`: what the debit leaves, for the low-balance notice once the checkout commits. */
export type StoredValuePayment = { write: WalletWrite; debit: StoredValueDebit; balanceAfterFen: number };

const paymentPath = (payments: readonly PaymentInput[]): string => `payments.${Math.max(0, payments.findIndex((p) => p.method === 'stored-value'))}.amountFen`;

export const planStoredValuePayment = async (
  caller: Caller,
  patientId: string,
  payments: readonly PaymentInput[],
  visit: { visitId: string; createdAt: string; patientClinicId: string },
): Promise<StoredValuePayment | undefined> => {
  const amountFen = storedValueFen(payments);
  if (amountFen === 0) return undefined;
  const [account, rules] = await Promise.all([getWalletAccount(caller.tenantId, patientId), getWalletRules(caller.tenantId)]);
  const planned = planDebit(account, amountFen, rules.debitOrder);
  if (!planned.ok) {
    const left = formatYuan(totalFen(account));
    throw new DomainError('conflict', `The patient's stored value is ${left}, less than the ${formatYuan(amountFen)} this checkout pays with it; pay the rest another way or top up first`, [
      { path: paymentPath(payments), message: `is more than the stored-value balance of ${left}`, code: 'money.over_balance', params: { amountFen: totalFen(account) } },
    ]);
  }
  const entryId = ulid(Date.parse(visit.createdAt));
  const { principalFen, bonusFen } = planned.value;
  return {
    write: { tenantId: caller.tenantId, patientId, clinicId: visit.patientClinicId, entry: { entryId, kind: 'debit', principalFen, bonusFen, at: visit.createdAt, by: caller.userId, reason: 'checkout', visitId: visit.visitId, source: 'checkout' } },
    debit: { entryId, at: visit.createdAt, principalFen, bonusFen, clinicId: visit.patientClinicId },
    balanceAfterFen: totalFen(account) - amountFen,
  };
};
