/**
 * The stored-value low-balance notice, triggered by the debit that crosses the owner's threshold
 * (never by a scan). After its write commits, the debit puts an event (the wallet's API function
 * may not publish SMS); the members' job then decides: the debit crossed when the balance it left
 * is below the threshold and was at or above it before (that balance + the amount debited). The occasion is the account's version at that read, so two
 * debits racing across the threshold, which both read the same account, claim one occasion and
 * send one message; a top-up and a later crossing is a new version, a new notice. The pipeline
 * checks at the moment of sending that the balance is still below the threshold (a top-up
 * meanwhile makes a deferred notice stale).
 *
 * A notice that fails to go out must never fail the debit it follows: the money moved already.
 */
import { crossedBelow, formatSaving, lowBalanceOccasion } from '../../shared/domain/members/member-messages.js';
import { totalFen } from '../../shared/domain/wallet/ledger.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { getWalletAccount } from '../adapters/dynamo/wallet-repository.js';
import { sendMessage, type Publisher, type SendOutcome } from './send-pipeline.js';

/** `balanceAfterFen` is the balance the debit left (when known; else the account as read now). */
export type CommittedDebit = { tenantId: string; patientId: string; debitedFen: number; balanceAfterFen?: number };

export const noticeLowBalance = async (debit: CommittedDebit, options: { now?: Date; publish?: Publisher } = {}): Promise<SendOutcome | { status: 'not-crossed' | 'disabled' }> => {
  const { settings } = await getAutomationSettings(debit.tenantId);
  if (!settings.lowBalance.enabled) return { status: 'disabled' };
  const account = await getWalletAccount(debit.tenantId, debit.patientId);
  const after = debit.balanceAfterFen ?? totalFen(account);
  if (!crossedBelow(after + debit.debitedFen, after, settings.lowBalance.thresholdFen)) return { status: 'not-crossed' };
  const now = options.now ?? new Date();
  return sendMessage(
    {
      tenantId: debit.tenantId, patientId: debit.patientId, purpose: 'low-balance', occasion: lowBalanceOccasion(account.version),
      template: settings.lowBalance.template, values: { amount: formatSaving(after) },
      // A balance notice days late would state an old balance: stale after three days.
      ref: { kind: 'wallet-low', thresholdFen: settings.lowBalance.thresholdFen, notAfter: new Date(now.getTime() + 3 * 86_400_000).toISOString() },
      settings,
    },
    { now, ...(options.publish ? { publish: options.publish } : {}) },
  );
};
