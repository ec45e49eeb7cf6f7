/**
 * A membership sale or renewal paid (in part) with stored value (储值), and a cancellation paid
 * back to it. The debit is planned from the balance read now, principal first (a prepaid card
 * bought with the patient's own money first keeps the chain's bonus as bonus), and written in the
 * membership's own transaction, whose condition holds the balance to it (wallet-repository.ts).
 * A refund goes back as principal, except the part that only the bonus the card took can explain:
 * a cancellation never turns the chain's bonus into money the patient can take out.
 */
import { ulid } from 'ulid';
import type { Caller } from '../../shared/domain/access.js';
import { storedValueFen } from '../../shared/domain/checkout/payments.js';
import { DomainError } from '../../shared/domain/errors.js';
import { formatYuan } from '../../shared/domain/money.js';
import { totalFen } from '../../shared/domain/wallet/ledger.js';
import { planDebit } from '../../shared/domain/wallet/operations.js';
import type { Membership, MembershipTerm } from '../../shared/schemas/members.js';
import type { StoredValueDebit } from '../../shared/schemas/visit.js';
import { getWalletAccount, type WalletWrite } from '../adapters/dynamo/wallet-repository.js';

export type MembershipDebit = { write: WalletWrite; debit: StoredValueDebit };

const paymentPath = (payments: MembershipTerm['payments']): string => `payments.${Math.max(0, payments.findIndex((p) => p.method === 'stored-value'))}.amountFen`;

/** 409 naming the stored-value payment: what is left, and what to do. */
export const overBalance = (payments: MembershipTerm['payments'], balanceFen: number): DomainError =>
  new DomainError('conflict', `The patient's stored value is ${formatYuan(balanceFen)}, less than the ${formatYuan(storedValueFen(payments))} this card is paid with; pay the rest another way or top up first`, [
    { path: paymentPath(payments), message: `is more than the stored-value balance of ${formatYuan(balanceFen)}`, code: 'money.over_balance', params: { amountFen: balanceFen } },
  ]);

export const planMembershipDebit = async (
  caller: Caller,
  patient: { patientId: string; clinicId: string },
  payments: MembershipTerm['payments'],
  /** `reason`: what the debit paid for, on the ledger row (a membership or a visit pack) */
  ref: { reason: string; at: string },
): Promise<MembershipDebit | undefined> => {
  const amountFen = storedValueFen(payments);
  if (amountFen === 0) return undefined;
  const account = await getWalletAccount(caller.tenantId, patient.patientId);
  const planned = planDebit(account, amountFen, 'principal-first');
  if (!planned.ok) throw overBalance(payments, totalFen(account));
  const entryId = ulid(Date.parse(ref.at));
  const { principalFen, bonusFen } = planned.value;
  return {
    write: { tenantId: caller.tenantId, patientId: patient.patientId, clinicId: patient.clinicId, entry: { entryId, kind: 'debit', principalFen, bonusFen, at: ref.at, by: caller.userId, reason: ref.reason } },
    debit: { entryId, at: ref.at, principalFen, bonusFen, clinicId: patient.clinicId },
  };
};

/** What the card's terms took from stored value, principal and bonus apart (positive fen). */
export const storedValuePaid = (m: Membership): { principalFen: number; bonusFen: number } =>
  m.periods.reduce((sum, p) => ({ principalFen: sum.principalFen - (p.storedValueDebit?.principalFen ?? 0), bonusFen: sum.bonusFen - (p.storedValueDebit?.bonusFen ?? 0) }), { principalFen: 0, bonusFen: 0 });

/** The cancellation's refund credited back to the holder's stored value (a `void` entry: spending given back). */
export const membershipRefundWrite = (caller: Caller, m: Membership, patientClinicId: string, amountFen: number, at: string): WalletWrite => {
  // Only the bonus the card took can come back as bonus; cash, card and principal come back as principal.
  const paidFen = m.periods.reduce((sum, p) => sum + p.pricePaidFen, 0);
  const principalFen = Math.min(amountFen, Math.max(0, paidFen - storedValuePaid(m).bonusFen));
  return {
    tenantId: caller.tenantId, patientId: m.holderPatientId, clinicId: patientClinicId,
    entry: { entryId: ulid(Date.parse(at)), kind: 'void', principalFen, bonusFen: amountFen - principalFen, at, by: caller.userId, reason: `membership ${m.membershipId} refund` },
  };
};
