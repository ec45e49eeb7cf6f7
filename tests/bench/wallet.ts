/**
 * stored_value_concurrent_overspend: 50 debits of ¥100 at once through the wallet service against
 * a ¥3,000 balance. Value = debits accepted beyond what the balance covered + |balance − ledger
 * sum| (principal and bonus each). Goal 0.
 */
import type { LocalUser } from '../../functions/adapters/identity/local-identity.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

export const measureStoredValue = async (owner: LocalUser, emit: Emit): Promise<void> => {
  const { listClinics } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { createPatient } = await import('../../functions/services/patient-service.js');
  const { debit, topUp } = await import('../../functions/services/wallet-service.js');
  const { getWalletAccount, listWalletEntries } = await import('../../functions/adapters/dynamo/wallet-repository.js');
  const { patientCreateSchema } = await import('../../shared/schemas/patient.js');

  const caller = { userId: owner.userId, email: owner.email, tenantId: owner.tenantId, role: 'owner' as const, clinicScope: 'all' as const };
  const clinicId = (await listClinics(owner.tenantId))[0]?.clinicId ?? '';
  const patient = await createPatient(caller, patientCreateSchema.parse({ name: '储值基准', phone: '13966665555', clinicId }));
  const balanceFen = 300_000;
  const debitFen = 10_000;
  await topUp(caller, patient.patientId, { amountFen: balanceFen, method: 'wechat' });
  // The chain's bonus tiers (the demo's 充值送) may add bonus to the top-up: spend it first, so
  // the 50 debits meet exactly the ¥3,000 balance the issue names.
  const start = await getWalletAccount(owner.tenantId, patient.patientId);
  const extraFen = start.principalFen + start.bonusFen - balanceFen;
  if (extraFen > 0) await debit(caller, patient.patientId, { amountFen: extraFen, reason: 'bench-bonus' });
  const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => debit(caller, patient.patientId, { amountFen: debitFen, reason: `bench-${i}` })));
  const accepted = results.filter((r) => r.status === 'fulfilled').length;

  const account = await getWalletAccount(owner.tenantId, patient.patientId);
  let cursor: string | undefined;
  const sum = { principalFen: 0, bonusFen: 0 };
  do {
    const page = await listWalletEntries(owner.tenantId, patient.patientId, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const e of page.entries) {
      sum.principalFen += e.principalFen;
      sum.bonusFen += e.bonusFen;
    }
    cursor = page.cursor;
  } while (cursor);
  const beyond = Math.max(0, accepted - Math.floor(balanceFen / debitFen));
  const drift = Math.abs(account.principalFen - sum.principalFen) + Math.abs(account.bonusFen - sum.bonusFen);
  emit('stored_value_concurrent_overspend', beyond + drift, 'count', { accepted, refused: results.length - accepted, balance_fen: account.principalFen + account.bonusFen, ledger_drift_fen: drift, goal: 0 });
};
