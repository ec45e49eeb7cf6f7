/**
 * Stored value (储值): read the balance, plan the change with the pure steps in
 * shared/domain/wallet/, write it with its ledger row in one transaction. A write refused because
 * the balance moved meanwhile is planned again from a fresh read; when the new balance no longer
 * allows it, the person gets a 409 saying what is left. A retried request with the same
 * idempotency key answers the entry it already wrote.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import type { Caller } from '../../shared/domain/access.js';
import { DomainError, invalid, notFound, type FieldProblem } from '../../shared/domain/errors.js';
import { formatYuan } from '../../shared/domain/money.js';
import { checkTiers } from '../../shared/domain/wallet/bonus-rules.js';
import { totalFen, type WalletDelta } from '../../shared/domain/wallet/ledger.js';
import { planDebit, planRefund, planTopUp, planTransfer, planVoid, type Planned } from '../../shared/domain/wallet/operations.js';
import type {
  WalletChange, WalletDebitInput, WalletEntry, WalletRefundInput, WalletRulesInput, WalletRulesView, WalletTopUpInput, WalletTransferInput, WalletView,
} from '../../shared/schemas/wallet.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import {
  commitWalletVoid, commitWalletWrites, findWalletKey, getWalletAccount, getWalletEntry, getWalletRules, listWalletEntries, putWalletRules,
  WalletConflict, type WalletAccount, type WalletWrite,
} from '../adapters/dynamo/wallet-repository.js';
import { retry } from '../lib/retry.js';
import { readPatient } from './patient-service.js';
import { findPatientVisit } from '../adapters/dynamo/visit-repository.js';
import { afterDebit } from './low-balance-request.js';
import { withFactsRefresh } from './segment-facts-service.js';
import { allWalletEntries } from '../adapters/dynamo/wallet-expiry-repository.js';
import { bonusExpiryDay, bonusLotsOf, expiringLots } from '../../shared/domain/wallet/bonus-lots.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';

/** A committed debit (not a replay) may have crossed the low-balance threshold: the notice decides. */
const noticeIfLow = async (caller: Caller, patientId: string, result: WalletChange): Promise<WalletChange> => {
  if (!result.replayed) await afterDebit({ tenantId: caller.tenantId, patientId, debitedFen: -(result.entry.principalFen + result.entry.bonusFen), balanceAfterFen: result.principalFen + result.bonusFen });
  return result;
};

export const walletOf = async (caller: Caller, patientId: string, page: { limit: number; cursor?: string }): Promise<WalletView> => {
  await readPatient(caller, patientId);
  const [account, ledger] = await Promise.all([getWalletAccount(caller.tenantId, patientId), listWalletEntries(caller.tenantId, patientId, page)]);
  // Only a bonus can lapse: the whole ledger is replayed for its lots only when there is one.
  const lots = account.bonusFen > 0 ? bonusLotsOf(await allWalletEntries(caller.tenantId, patientId)) : [];
  const bonusExpiring = expiringLots(lots, localDay(new Date(), defaultTimeZone));
  return { patientId, principalFen: account.principalFen, bonusFen: account.bonusFen, totalFen: totalFen(account), version: account.version, bonusExpiring, ...ledger };
};

/** A plan that no longer fits the balance read after a lost race. */
const raceLost = (account: WalletAccount, problem: FieldProblem): DomainError =>
  new DomainError('conflict', `The balance changed meanwhile (now ${formatYuan(totalFen(account))}, of which ${formatYuan(account.principalFen)} principal); reload the wallet and try again`, [
    { path: problem.path, message: `${problem.message} after a change made meanwhile`, code: problem.code },
  ]);

/**
 * Contention between transactions is not a refusal: retried generously with jitter, so 50 front
 * desks at once still settle on exactly what the balance allows.
 */
const walletRace = { attempts: 40, baseMs: 5, capMs: 150, retryIf: (error: unknown) => error instanceof WalletConflict && (error.reason === 'contention' || error.reason === 'balance') } as const;
const exhausted = () => new DomainError('conflict', 'The wallet is being changed by others right now; wait a moment and try again');

/** Why a plan did not fit: after a lost race it is always a 409 saying what is left now. */
const refusal = (kind: ChangeSpec['refusal'], attempt: number, account: WalletAccount, problem: FieldProblem): DomainError => {
  if (attempt > 1) return raceLost(account, problem);
  return kind === 'invalid' ? invalid(problem.path, problem.message, { code: problem.code }) : new DomainError('conflict', `${problem.path}: ${problem.message}`, [problem]);
};

type ChangeSpec = {
  patientId: string;
  idempotencyKey: string | undefined;
  request: unknown;
  /** when the first plan fails: 400 for input that can never fit (refund above refundable), 409 for a balance too low */
  refusal: 'invalid' | 'conflict';
  /** the deltas to write for the balance read; the first write is this patient's entry */
  plan: (account: WalletAccount, at: string, entryId: string) => Planned<WalletWrite[]>;
};

const hashOf = (request: unknown): string => createHash('sha256').update(JSON.stringify(request)).digest('hex');

const replay = async (caller: Caller, patientId: string, key: string | undefined, requestHash: string): Promise<WalletChange | undefined> => {
  if (!key) return undefined;
  const claim = await findWalletKey(caller.tenantId, patientId, key);
  if (!claim) return undefined;
  if (claim.requestHash !== requestHash) throw new DomainError('conflict', 'idempotencyKey: was already used for a different request', [{ path: 'idempotencyKey', message: 'was used for a different request', code: 'idempotency.reused' }]);
  const [entry, account] = await Promise.all([getWalletEntry(caller.tenantId, patientId, claim.entryId), getWalletAccount(caller.tenantId, patientId)]);
  if (!entry) throw new DomainError('conflict', 'idempotencyKey: its entry is missing; use a new key');
  return { entry, principalFen: account.principalFen, bonusFen: account.bonusFen, replayed: true };
};

const change = async (caller: Caller, spec: ChangeSpec): Promise<WalletChange> => {
  const requestHash = hashOf(spec.request);
  const earlier = await replay(caller, spec.patientId, spec.idempotencyKey, requestHash);
  if (earlier) return earlier;
  return retry(async (attempt) => {
    const account = await getWalletAccount(caller.tenantId, spec.patientId);
    const at = new Date();
    const planned = spec.plan(account, at.toISOString(), ulid(at.getTime()));
    if (!planned.ok) throw refusal(spec.refusal, attempt, account, planned.problem);
    const [own, ...others] = planned.value;
    if (!own) throw new Error('a wallet change plans at least one write');
    const writes = [{ ...own, ...(spec.idempotencyKey ? { idempotency: { key: spec.idempotencyKey, requestHash } } : {}) }, ...others];
    try {
      await commitWalletWrites(writes);
    } catch (error) {
      if (error instanceof WalletConflict && error.reason === 'key-exists') {
        const again = await replay(caller, spec.patientId, spec.idempotencyKey, requestHash);
        if (again) return again;
      }
      throw error;
    }
    return { entry: own.entry, principalFen: account.principalFen + own.entry.principalFen, bonusFen: account.bonusFen + own.entry.bonusFen, replayed: false };
  }, { ...walletRace, exhausted });
};

const entryFrom = (caller: Caller, delta: WalletDelta, at: string, entryId: string, extra: Partial<WalletEntry> = {}): WalletEntry => ({
  entryId, kind: delta.kind, principalFen: delta.principalFen, bonusFen: delta.bonusFen, at, by: caller.userId, ...extra,
});

type Owner = { patientId: string; clinicId: string };

const oneWrite = (caller: Caller, owner: Owner, planned: Planned<WalletDelta>, at: string, entryId: string, extra: Partial<WalletEntry>, expectedVersion?: number): Planned<WalletWrite[]> =>
  planned.ok ? { ok: true, value: [{ tenantId: caller.tenantId, patientId: owner.patientId, clinicId: owner.clinicId, entry: entryFrom(caller, planned.value, at, entryId, extra), ...(expectedVersion !== undefined ? { expectedVersion } : {}) }] } : planned;

const topUpCommit = async (caller: Caller, patientId: string, input: WalletTopUpInput): Promise<WalletChange> => {
  const { clinicId } = await readPatient(caller, patientId);
  const rules = await getWalletRules(caller.tenantId);
  const { idempotencyKey, ...request } = input;
  return change(caller, {
    patientId, idempotencyKey, request: { op: 'top-up', ...request }, refusal: 'invalid',
    plan: (_account, at, entryId) => {
      const delta = planTopUp(rules, input.amountFen);
      // The bonus's last valid day, when the owner set a validity (bonus-lots.ts, bonus-expiry.ts).
      const expiry = rules.bonusValidMonths && delta.bonusFen > 0 ? { bonusExpiresOn: bonusExpiryDay(localDay(new Date(at), defaultTimeZone), rules.bonusValidMonths) } : {};
      return oneWrite(caller, { patientId, clinicId }, { ok: true, value: delta }, at, entryId, { method: input.method, ...expiry });
    },
  });
};

/** A debit may name the visit it paid for: only one of this patient's own (so never another chain's). */
const assertOwnVisit = async (tenantId: string, patientId: string, visitId: string): Promise<void> => {
  if (!(await findPatientVisit(tenantId, patientId, visitId))) throw invalid('visitId', 'is not a visit of this patient', { code: 'id.invalid' });
};

const debitCommit = async (caller: Caller, patientId: string, input: WalletDebitInput): Promise<WalletChange> => {
  const { clinicId } = await readPatient(caller, patientId);
  if (input.visitId) await assertOwnVisit(caller.tenantId, patientId, input.visitId);
  const rules = await getWalletRules(caller.tenantId);
  const { idempotencyKey, ...request } = input;
  const result = await change(caller, {
    patientId, idempotencyKey, request: { op: 'debit', ...request }, refusal: 'conflict',
    plan: (account, at, entryId) => oneWrite(caller, { patientId, clinicId }, planDebit(account, input.amountFen, rules.debitOrder), at, entryId, { reason: input.reason, ...(input.visitId ? { visitId: input.visitId } : {}) }),
  });
  return noticeIfLow(caller, patientId, result);
};

const refundCommit = async (caller: Caller, patientId: string, input: WalletRefundInput): Promise<WalletChange> => {
  const { clinicId } = await readPatient(caller, patientId);
  const { idempotencyKey, ...request } = input;
  return change(caller, {
    patientId, idempotencyKey, request: { op: 'refund', ...request }, refusal: 'invalid',
    // Conditioned on the version read: the bonus forfeited is the bonus read.
    plan: (account, at, entryId) => oneWrite(caller, { patientId, clinicId }, planRefund(account, input.amountFen), at, entryId, { method: input.method }, account.version),
  });
};

/** Both patients in one family of this chain; the recipient may be in another clinic of it. */
const checkSameFamily = async (caller: Caller, fromId: string, toId: string): Promise<{ fromClinicId: string; toClinicId: string }> => {
  const from = await readPatient(caller, fromId);
  if (toId === fromId) throw invalid('toPatientId', 'must be another member of the family', { code: 'family.not_found' });
  const to = await getPatient(caller.tenantId, toId);
  if (!to || to.mergedInto || !from.familyId || to.familyId !== from.familyId) throw invalid('toPatientId', 'is not a member of this patient’s family', { code: 'family.not_found' });
  return { fromClinicId: from.clinicId, toClinicId: to.clinicId };
};

const transferCommit = async (caller: Caller, patientId: string, input: WalletTransferInput): Promise<WalletChange> => {
  const clinics = await checkSameFamily(caller, patientId, input.toPatientId);
  const rules = await getWalletRules(caller.tenantId);
  const { idempotencyKey, ...request } = input;
  const result = await change(caller, {
    patientId, idempotencyKey, request: { op: 'transfer', ...request }, refusal: 'conflict',
    plan: (account, at, entryId) => {
      const planned = planTransfer(account, input.amountFen, rules.debitOrder);
      if (!planned.ok) return planned;
      const out = entryFrom(caller, planned.value.out, at, entryId, { counterpartPatientId: input.toPatientId });
      const into = entryFrom(caller, planned.value.in, at, ulid(Date.parse(at)), { counterpartPatientId: patientId, refEntryId: entryId });
      return { ok: true, value: [{ tenantId: caller.tenantId, patientId, clinicId: clinics.fromClinicId, entry: out }, { tenantId: caller.tenantId, patientId: input.toPatientId, clinicId: clinics.toClinicId, entry: into }] };
    },
  });
  return noticeIfLow(caller, patientId, result);
};

/** Gives back exactly what a debit took, once; a second void answers 409. */
const voidDebitCommit = async (caller: Caller, patientId: string, entryId: string, reason: string): Promise<WalletChange> => {
  const { clinicId } = await readPatient(caller, patientId);
  const debitEntry = await getWalletEntry(caller.tenantId, patientId, entryId);
  if (!debitEntry) throw notFound('wallet entry');
  if (debitEntry.voidedAt) throw new DomainError('conflict', `This debit was already voided at ${debitEntry.voidedAt}`, [{ path: 'entryId', message: 'is already voided', code: 'already_done' }]);
  // A visit's stored-value payment is given back with the visit (红冲), so the two never disagree.
  if (debitEntry.source === 'checkout') throw new DomainError('conflict', 'This debit paid a visit: void the visit instead, which gives the stored value back with it', [{ path: 'entryId', message: 'paid a visit; void the visit', code: 'already_done' }]);
  const planned = planVoid(debitEntry);
  if (!planned.ok) throw invalid(planned.problem.path, planned.problem.message, { code: planned.problem.code });
  const at = new Date();
  const entry = entryFrom(caller, planned.value, at.toISOString(), ulid(at.getTime()), { reason, refEntryId: entryId });
  try {
    await retry(() => commitWalletVoid({ tenantId: caller.tenantId, patientId, clinicId, entry }, debitEntry), { ...walletRace, retryIf: (e) => e instanceof WalletConflict && e.reason === 'contention', exhausted });
  } catch (error) {
    if (error instanceof WalletConflict && error.reason === 'already-voided') throw new DomainError('conflict', 'This debit was voided meanwhile; reload the wallet', [{ path: 'entryId', message: 'is already voided', code: 'already_done' }]);
    throw error;
  }
  const account = await getWalletAccount(caller.tenantId, patientId);
  return { entry, principalFen: account.principalFen, bonusFen: account.bonusFen, replayed: false };
};

export const walletRules = (caller: Caller): Promise<WalletRulesView> => getWalletRules(caller.tenantId);

export const setWalletRules = async (caller: Caller, input: WalletRulesInput): Promise<WalletRulesView> => {
  const problems = checkTiers(input.tiers);
  if (problems.length) throw new DomainError('invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  const tiers = [...input.tiers].sort((a, b) => a.thresholdFen - b.thresholdFen);
  const validity = input.bonusValidMonths ? { bonusValidMonths: input.bonusValidMonths } : {};
  const next: WalletRulesView = { tiers, debitOrder: input.debitOrder, ...validity, version: input.expectedVersion + 1, updatedAt: new Date().toISOString(), updatedBy: caller.userId };
  if (!(await putWalletRules(caller.tenantId, next, input.expectedVersion))) {
    throw new DomainError('conflict', 'The bonus rules were changed by someone else meanwhile; reload them and make your change again', [{ path: 'expectedVersion', message: 'is not the current version', code: 'conflict.changed' }]);
  }
  return next;
};

/** topUp, then the facts of the patients it changed (segment-facts-service.ts). */
export const topUp = /* @__PURE__ */ withFactsRefresh(topUpCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1]] }));
/** debit, then the facts of the patients it changed (segment-facts-service.ts). */
export const debit = /* @__PURE__ */ withFactsRefresh(debitCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1]] }));
/** refund, then the facts of the patients it changed (segment-facts-service.ts). */
export const refund = /* @__PURE__ */ withFactsRefresh(refundCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1]] }));
/** transfer, then the facts of the patients it changed (segment-facts-service.ts). */
export const transfer = /* @__PURE__ */ withFactsRefresh(transferCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1], a[2].toPatientId] }));
/** voidDebit, then the facts of the patients it changed (segment-facts-service.ts). */
export const voidDebit = /* @__PURE__ */ withFactsRefresh(voidDebitCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1]] }));
