/**
 * Visit packs (次卡): the owner defines products (each edit a new version), the front desk sells a
 * pack (existing methods or stored value, idempotent, audited, contract frozen), the checkout uses
 * it (visit-service.ts), an owner or manager cancels it with the refund by its frozen rule.
 * Marketing sees no pack money; dentists see the uses left, never money.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { checkPayments } from '../../shared/domain/checkout/payments.js';
import { DomainError, invalid, notFound, type FieldProblem } from '../../shared/domain/errors.js';
import { packRefundDue, packStatusOn, planPackSale } from '../../shared/domain/packs/packs.js';
import { localDay } from '../../shared/domain/time.js';
import type { CancelPackInput, Pack, PackProduct, PackTerms, SellPackInput } from '../../shared/schemas/packs.js';
import { auditEvent } from '../adapters/dynamo/audit-repository.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import {
  commitPackCancel, commitPackSale, getPack, getPackProduct, listPackProducts, packOwner, packsOfPatient, PackExists, PackWalletShort, putPackProductVersion,
} from '../adapters/dynamo/pack-repository.js';
import { getWalletAccount } from '../adapters/dynamo/wallet-repository.js';
import { totalFen } from '../../shared/domain/wallet/ledger.js';
import { overBalance, planMembershipDebit } from './membership-stored-value.js';
import { withFactsRefresh } from './segment-facts-service.js';
import { readPatient } from './patient-service.js';

const fail = (problems: FieldProblem[]): never => {
  throw new DomainError('invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
};

const seesMoney = (caller: Caller): boolean => caller.role === 'owner' || caller.role === 'manager' || caller.role === 'frontdesk';

const productForRole = (caller: Caller, p: PackProduct) => {
  if (seesMoney(caller)) return p;
  const { priceFen: _p, refundRule: _r, ...rest } = p;
  return rest;
};

export const packProductsFor = async (caller: Caller): Promise<unknown[]> => (await listPackProducts(caller.tenantId)).map((p) => productForRole(caller, p));

const checkClinics = async (caller: Caller, terms: PackTerms, path: string): Promise<void> => {
  const found = await Promise.all((terms.clinicIds ?? []).map((id) => getClinic(caller.tenantId, id)));
  const problems = found.flatMap((clinic, i): FieldProblem[] => (clinic ? [] : [{ path: `${path}clinicIds.${i}`, message: 'is not a clinic of this chain', code: 'clinic.not_yours' }]));
  if (problems.length) fail(problems);
};

export const createPackProduct = async (caller: Caller, terms: PackTerms, now = new Date()): Promise<PackProduct> => {
  await checkClinics(caller, terms, '');
  const product: PackProduct = { ...terms, productId: ulid(), version: 1, updatedAt: now.toISOString(), updatedBy: caller.userId };
  await putPackProductVersion(caller.tenantId, product, undefined);
  return product;
};

/** A new version: packs already sold keep the terms they were sold with. */
export const updatePackProduct = async (caller: Caller, productId: string, input: { version: number; terms: PackTerms }, now = new Date()): Promise<PackProduct> => {
  const current = await getPackProduct(caller.tenantId, productId);
  if (!current) throw notFound('pack product');
  await checkClinics(caller, input.terms, 'terms.');
  if (current.version !== input.version) throw new DomainError('conflict', `version: the pack product is at version ${current.version} now; reload it`, [{ path: 'version', message: 'is not the current version', code: 'conflict.changed' }]);
  const product: PackProduct = { ...input.terms, productId, version: current.version + 1, updatedAt: now.toISOString(), updatedBy: caller.userId };
  await putPackProductVersion(caller.tenantId, product, current.version);
  return product;
};

export type PackView = ReturnType<typeof packView>;

/** What a role may see of a pack: what it covers, dates, status and uses left; money only for those who handle it. */
export const packView = (caller: Caller, pack: Pack, today: string) => {
  const base = {
    packId: pack.packId, patientId: pack.patientId, productId: pack.productId, productVersion: pack.productVersion, name: pack.terms.name, procedureCode: pack.terms.procedureCode,
    count: pack.terms.count, remaining: pack.remaining, startDate: pack.startDate, endDate: pack.endDate, clinicId: pack.clinicId, status: packStatusOn(pack, today), version: pack.version,
  };
  // Marketing never learns a treatment (invariant 12): not which procedure the patient's pack is for.
  if (caller.role === 'marketing') {
    const { name: _n, procedureCode: _c, ...rest } = base;
    return rest;
  }
  if (!seesMoney(caller)) return base;
  return {
    ...base, terms: pack.terms, pricePaidFen: pack.pricePaidFen, payments: pack.payments, soldAt: pack.soldAt, soldBy: pack.soldBy, acknowledgedAt: pack.acknowledgedAt, refundableFen: packRefundDue(pack),
    ...(pack.cancelledAt ? { cancelledAt: pack.cancelledAt, cancelReason: pack.cancelReason, refund: pack.refund } : {}),
  };
};

const packIdFor = (tenantId: string, patientId: string, key: string | undefined): string =>
  key ? `K${createHash('sha256').update(`${tenantId}|${patientId}|pack|${key}`).digest('hex').slice(0, 25).toUpperCase()}` : ulid();

const sellingClinic = async (caller: Caller, clinicId: string) => {
  const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
  if (!clinic) throw invalid('clinicId', 'is not one of your clinics', { code: 'clinic.not_yours' });
  return clinic;
};

const sellPackCommit = async (caller: Caller, patientId: string, input: SellPackInput, now = new Date()): Promise<{ pack: PackView; replayed: boolean }> => {
  const patient = await readPatient(caller, patientId);
  const clinic = await sellingClinic(caller, input.clinicId);
  const today = localDay(now, clinic.timeZone);
  const packId = packIdFor(caller.tenantId, patientId, input.idempotencyKey);
  const earlier = input.idempotencyKey ? await getPack(caller.tenantId, patientId, packId) : undefined;
  if (earlier) return { pack: packView(caller, earlier, today), replayed: true };
  const product = await getPackProduct(caller.tenantId, input.productId);
  if (!product) throw invalid('productId', 'is not a pack product of this chain', { code: 'pack.not_sold' });
  const sale = planPackSale(product, input, { packId, patientId, soldBy: caller.userId, now: now.toISOString(), today });
  if (!sale.ok) return fail(sale.problems);
  const problems = checkPayments(input.payments, sale.pack.pricePaidFen, today);
  input.payments.forEach((p, i) => {
    if (p.method === 'installment') problems.push({ path: `payments.${i}.method`, message: 'installment is not offered for visit packs', code: 'payment.not_offered' });
  });
  if (problems.length) fail(problems);
  const wallet = await planMembershipDebit(caller, patient, input.payments, { reason: `pack ${packId}`, at: now.toISOString() });
  const pack: Pack = wallet ? { ...sale.pack, storedValueDebit: wallet.debit } : sale.pack;
  try {
    await commitPackSale(caller.tenantId, pack, auditEvent(caller, patientId, 'pack.sell', { refId: packId }), wallet?.write);
  } catch (error) {
    if (error instanceof PackWalletShort) throw overBalance(input.payments, totalFen(await getWalletAccount(caller.tenantId, patientId)));
    const replay = error instanceof PackExists ? await getPack(caller.tenantId, patientId, packId) : undefined;
    if (replay) return { pack: packView(caller, replay, today), replayed: true };
    throw error;
  }
  return { pack: packView(caller, pack, today), replayed: false };
};

export const patientPacks = async (caller: Caller, patientId: string, now = new Date()) => {
  const patient = await readPatient(caller, patientId);
  const clinic = await getClinic(caller.tenantId, patient.clinicId);
  const today = localDay(now, clinic?.timeZone ?? 'Asia/Shanghai');
  return (await packsOfPatient(caller.tenantId, patientId)).map((p) => packView(caller, p, today));
};

/** The pack by id: another chain's id, or a patient outside the caller's clinics, is not found. */
const readPack = async (caller: Caller, packId: string): Promise<Pack> => {
  const owner = await packOwner(caller.tenantId, packId);
  if (!owner) throw notFound('pack');
  await readPatient(caller, owner);
  const pack = await getPack(caller.tenantId, owner, packId);
  if (!pack) throw notFound('pack');
  return pack;
};

/** The refund by the pack's frozen rule: a preview answers the amount; a cancellation records it and closes the pack. */
const cancelPackCommit = async (caller: Caller, packId: string, input: CancelPackInput, now = new Date()) => {
  const pack = await readPack(caller, packId);
  if (pack.status === 'cancelled') throw new DomainError('conflict', 'packId: the pack is already cancelled', [{ path: 'packId', message: 'is already cancelled', code: 'pack.cancelled' }]);
  const refundableFen = packRefundDue(pack);
  const clinic = await getClinic(caller.tenantId, pack.clinicId);
  const today = localDay(now, clinic?.timeZone ?? 'Asia/Shanghai');
  if (input.preview) return { preview: true, refundableFen, remaining: pack.remaining, count: pack.terms.count, pricePaidFen: pack.pricePaidFen };
  if (!input.refund) throw invalid('refund', 'is required to cancel: the amount and how it is paid back', { code: 'required' });
  if (input.refund.amountFen > refundableFen) throw invalid('refund.amountFen', `must not exceed the refundable ${refundableFen} fen`, { code: 'money.refund' });
  if (!input.reason) throw invalid('reason', 'is required to cancel', { code: 'required' });
  if (input.refund.method === 'stored-value' && !pack.storedValueDebit) throw invalid('refund.method', 'stored-value is only for a pack paid with stored value', { code: 'payment.not_offered' });
  const at = now.toISOString();
  const cancelled: Pack = { ...pack, status: 'cancelled', cancelledAt: at, cancelledBy: caller.userId, cancelReason: input.reason, refund: input.refund, version: pack.version + 1 };
  const patient = input.refund.method === 'stored-value' && input.refund.amountFen > 0 ? await readPatient(caller, pack.patientId) : undefined;
  // Back as principal, except what only the bonus the pack took can explain (membership-stored-value.ts).
  const bonusBack = patient ? Math.max(0, input.refund.amountFen - (pack.pricePaidFen + (pack.storedValueDebit?.bonusFen ?? 0))) : 0;
  const wallet = patient
    ? { tenantId: caller.tenantId, patientId: pack.patientId, clinicId: patient.clinicId, entry: { entryId: ulid(now.getTime()), kind: 'void' as const, principalFen: input.refund.amountFen - bonusBack, bonusFen: bonusBack, at, by: caller.userId, reason: `pack ${packId} refund` } }
    : undefined;
  await commitPackCancel(caller.tenantId, cancelled, pack, auditEvent(caller, pack.patientId, 'pack.cancel', { refId: packId }), wallet);
  return { preview: false, refundableFen, pack: packView(caller, cancelled, today) };
};

/** sellPack, then the patient's facts (a pack paid by stored value moves the balance segments read). */
export const sellPack = /* @__PURE__ */ withFactsRefresh(sellPackCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1]] }));
/** cancelPack, then the patient's facts (a refund to stored value moves the balance). */
export const cancelPack = /* @__PURE__ */ withFactsRefresh(cancelPackCommit, (a, r) => ({ tenantId: a[0].tenantId, patientIds: 'pack' in r && r.pack ? [r.pack.patientId] : [] }));
