/**
 * Membership plans and memberships: the owner edits plans (each edit a new version), the front
 * desk sells, renews and cancels. The rules are pure (shared/domain/members/); this file reads,
 * decides, writes, and shapes what each role may see: marketing sees plan and status, dentists
 * the entitlements, neither any money.
 */
import { announceTrigger } from './trigger-events.js';
import { membershipSoldEvent } from '../../shared/schedules.js';
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { checkPayments } from '../../shared/domain/checkout/payments.js';
import { DomainError, invalid, notFound, type FieldProblem } from '../../shared/domain/errors.js';
import { entitlementsLeft, type MemberCard } from '../../shared/domain/members/entitlements.js';
import { planRenewal, planSale, usedValueByTerm } from '../../shared/domain/members/membership.js';
import { cancellationDeltas, renewalDeltas, saleDeltas } from '../../shared/domain/members/numbers.js';
import { refundDue } from '../../shared/domain/members/refund.js';
import { statusOn, termOn } from '../../shared/domain/members/term.js';
import { localDay } from '../../shared/domain/time.js';
import type { CancelMembershipInput, Membership, Plan, PlanTerms, RenewMembershipInput, SellMembershipInput } from '../../shared/schemas/members.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { auditEvent } from '../adapters/dynamo/audit-repository.js';
import {
  cardsOfPatient, commitMembershipChange, commitSale, FamilyOnOtherCard, MembershipExists, MembershipWalletShort, entitlementLedger, getMembershipCard, getPlan, listPlans, membershipHolder, putPlanVersion,
} from '../adapters/dynamo/membership-repository.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { markedMembers, onCardDelete, onCardPut, readOnCard } from '../adapters/dynamo/on-card-markers.js';
import { getSummary } from '../adapters/dynamo/visit-repository.js';
import { readPatient, readPatientField } from './patient-service.js';
import { membershipRefundWrite, overBalance, planMembershipDebit, storedValuePaid } from './membership-stored-value.js';
import { getWalletAccount } from '../adapters/dynamo/wallet-repository.js';
import { totalFen } from '../../shared/domain/wallet/ledger.js';
import { withFactsRefresh } from './segment-facts-service.js';

const fail = (problems: FieldProblem[]): never => {
  throw new DomainError('invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
};

/** Owners, managers and the front desk handle the money; marketing and dentists never see it. */
const seesMoney = (caller: Caller): boolean => caller.role === 'owner' || caller.role === 'manager' || caller.role === 'frontdesk';

const planForRole = (caller: Caller, plan: Plan) => {
  if (seesMoney(caller) || caller.role === 'marketing') return plan;
  const { priceFen: _p, promotions: _pr, refundRule: _r, ...rest } = plan;
  return rest;
};

export const plansFor = async (caller: Caller): Promise<unknown[]> => (await listPlans(caller.tenantId)).map((p) => planForRole(caller, p));

/** A plan limited to some clinics names clinics of this chain. */
const checkPlanClinics = async (caller: Caller, terms: PlanTerms, path: string): Promise<void> => {
  const found = await Promise.all((terms.clinicIds ?? []).map((id) => getClinic(caller.tenantId, id)));
  const problems = found.flatMap((clinic, i): FieldProblem[] => (clinic ? [] : [{ path: `${path}clinicIds.${i}`, message: 'is not a clinic of this chain', code: 'clinic.not_yours' }]));
  if (problems.length) fail(problems);
};

export const createPlan = async (caller: Caller, terms: PlanTerms, now = new Date()): Promise<Plan> => {
  await checkPlanClinics(caller, terms, '');
  const plan: Plan = { ...terms, planId: ulid(), version: 1, updatedAt: now.toISOString(), updatedBy: caller.userId };
  await putPlanVersion(caller.tenantId, plan, undefined);
  return plan;
};

/** A new version: memberships already sold keep the terms they were sold with. */
export const updatePlan = async (caller: Caller, planId: string, input: { version: number; terms: PlanTerms }, now = new Date()): Promise<Plan> => {
  const current = await getPlan(caller.tenantId, planId);
  if (!current) throw notFound('plan');
  await checkPlanClinics(caller, input.terms, 'terms.');
  if (current.version !== input.version) throw new DomainError('conflict', `version: the plan is at version ${current.version} now; reload it`, [{ path: 'version', message: 'is not the current version', code: 'conflict.changed' }]);
  const plan: Plan = { ...input.terms, planId, version: current.version + 1, updatedAt: now.toISOString(), updatedBy: caller.userId };
  await putPlanVersion(caller.tenantId, plan, current.version);
  return plan;
};

const sellingClinic = async (caller: Caller, clinicId: string): Promise<Clinic> => {
  const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
  if (!clinic) throw invalid('clinicId', 'is not one of your clinics', { code: 'clinic.not_yours' });
  return clinic;
};

/** Payments of a membership: the existing methods and stored value, adding up to the price; installments are not offered here. */
const checkMembershipPayments = (payments: SellMembershipInput['payments'], priceFen: number, today: string): void => {
  const problems = checkPayments(payments, priceFen, today);
  payments.forEach((p, i) => {
    if (p.method === 'installment') problems.push({ path: `payments.${i}.method`, message: `${p.method} is not offered for memberships`, code: 'payment.not_offered' });
  });
  if (problems.length) fail(problems);
};

/** The same key for the same holder always names the same membership. */
const membershipIdFor = (tenantId: string, patientId: string, key: string | undefined): string =>
  key ? `M${createHash('sha256').update(`${tenantId}|${patientId}|membership|${key}`).digest('hex').slice(0, 25).toUpperCase()}` : ulid();

/** 409 naming the family member another active card covers (on-card-markers.ts). */
const onOtherCard = (memberPatientIds: readonly string[], error: FamilyOnOtherCard): DomainError => {
  const i = Math.max(0, memberPatientIds.indexOf(error.patientId));
  return new DomainError('conflict', `memberPatientIds.${i}: is already on another active membership card (or being put on one right now); take them off this sale or end that card first`, [
    { path: `memberPatientIds.${i}`, message: 'is on another active membership card', code: 'membership.family_on_card' },
  ]);
};

export type SaleResult = { membership: MembershipView; replayed: boolean };

/** The stored value lost a race after it was read: 409 with what is left now. */
const walletShort = async (caller: Caller, patientId: string, payments: SellMembershipInput['payments']): Promise<DomainError> =>
  overBalance(payments, totalFen(await getWalletAccount(caller.tenantId, patientId)));

const sellMembershipCommit = async (caller: Caller, patientId: string, input: SellMembershipInput, now = new Date()): Promise<SaleResult> => {
  const holder = await readPatient(caller, patientId);
  const clinic = await sellingClinic(caller, input.clinicId);
  await Promise.all(input.memberPatientIds.map((id, i) => readPatientField(caller, id, `memberPatientIds.${i}`)));
  const plan = await getPlan(caller.tenantId, input.planId);
  if (!plan) throw invalid('planId', 'is not a plan of this chain', { code: 'plan.not_sold' });
  const today = localDay(now, clinic.timeZone);
  const [summary, cards] = await Promise.all([getSummary(caller.tenantId, patientId), cardsOfPatient(caller.tenantId, patientId)]);
  const firstVisitDay = summary?.firstVisitAt ? localDay(new Date(summary.firstVisitAt), clinic.timeZone) : undefined;
  const membershipId = membershipIdFor(caller.tenantId, patientId, input.idempotencyKey);
  const earlier = input.idempotencyKey ? await getMembershipCard(caller.tenantId, patientId, membershipId) : undefined;
  if (earlier) return { membership: viewOf(caller, earlier, await entitlementLedger(caller.tenantId, patientId, membershipId), today), replayed: true };
  const sale = planSale(plan, input, {
    membershipId, holderPatientId: patientId, soldBy: caller.userId, now: now.toISOString(), today, firstVisitDay,
    earlierPurchases: cards.filter((c) => c.membership.holderPatientId === patientId).length,
  });
  if (!sale.ok) return fail(sale.problems);
  checkMembershipPayments(input.payments, sale.membership.periods[0]?.pricePaidFen ?? 0, today);
  const wallet = await planMembershipDebit(caller, holder, input.payments, { reason: `membership ${membershipId}`, at: now.toISOString() });
  const membership: Membership = wallet ? { ...sale.membership, periods: sale.membership.periods.map((p) => ({ ...p, storedValueDebit: wallet.debit })) } : sale.membership;
  try {
    await commitSale(caller.tenantId, membership, auditEvent(caller, patientId, 'membership.sell', { refId: membershipId }), {
      months: saleDeltas(membership), balances: [{ clinicId: input.clinicId, counters: {}, termMonths: membership.terms.termMonths }],
    }, wallet?.write);
  } catch (error) {
    if (error instanceof MembershipWalletShort) throw await walletShort(caller, patientId, input.payments);
    // The same key sold meanwhile by a concurrent retry: answer what it sold.
    const replay = error instanceof MembershipExists ? await getMembershipCard(caller.tenantId, patientId, membershipId) : undefined;
    if (replay) return { membership: viewOf(caller, replay, [], today), replayed: true };
    if (error instanceof FamilyOnOtherCard) throw onOtherCard(input.memberPatientIds, error);
    if (error instanceof MembershipExists) throw new DomainError('conflict', 'idempotencyKey: the same sale is being recorded right now; try again in a moment', [{ path: 'idempotencyKey', message: 'is in use by a sale in progress', code: 'conflict.in_progress' }]);
    throw error;
  }
  await announceTrigger(membershipSoldEvent, { tenantId: caller.tenantId, patientId, membershipId, at: now.toISOString() });
  return { membership: viewOf(caller, { membership, counters: {} }, [], today), replayed: false };
};

/** The card by id: another chain's id, or a holder outside the caller's clinics, is not found. */
const readCard = async (caller: Caller, membershipId: string): Promise<MemberCard> => {
  const holder = await membershipHolder(caller.tenantId, membershipId);
  if (!holder) throw notFound('membership');
  await readPatient(caller, holder);
  const card = await getMembershipCard(caller.tenantId, holder, membershipId);
  if (!card) throw notFound('membership');
  return card;
};

const renewMembershipCommit = async (caller: Caller, membershipId: string, input: RenewMembershipInput, now = new Date()): Promise<MembershipView> => {
  const card = await readCard(caller, membershipId);
  const clinic = await sellingClinic(caller, input.clinicId);
  const today = localDay(now, clinic.timeZone);
  const renewal = planRenewal(card.membership, input, { today, soldBy: caller.userId, now: now.toISOString() });
  if (!renewal.ok) throw new DomainError('conflict', renewal.problems.map((p) => `${p.path}: ${p.message}`).join('; '), renewal.problems);
  checkMembershipPayments(input.payments, renewal.period.pricePaidFen, today);
  const holder = await readPatient(caller, card.membership.holderPatientId);
  const wallet = await planMembershipDebit(caller, holder, input.payments, { reason: `membership ${membershipId}`, at: now.toISOString() });
  const renewed: Membership = wallet ? { ...renewal.membership, periods: renewal.membership.periods.map((p) => (p.n === renewal.period.n ? { ...p, storedValueDebit: wallet.debit } : p)) } : renewal.membership;
  const members = markedMembers(renewed);
  const markers = { items: members.map((id) => onCardPut(caller.tenantId, renewed, id, today)), patientIds: members };
  try {
    await commitMembershipChange(caller.tenantId, renewed, card.membership.version, auditEvent(caller, card.membership.holderPatientId, 'membership.renew', { refId: membershipId }), {
      months: renewalDeltas(card.membership, renewed), balances: [{ clinicId: input.clinicId, counters: {}, termMonths: renewed.terms.termMonths }],
    }, markers, wallet?.write);
  } catch (error) {
    if (error instanceof FamilyOnOtherCard) throw onOtherCard(renewed.memberPatientIds, error);
    if (error instanceof MembershipWalletShort) throw await walletShort(caller, holder.patientId, input.payments);
    throw error;
  }
  return viewOf(caller, { ...card, membership: renewed }, await entitlementLedger(caller.tenantId, card.membership.holderPatientId, membershipId), today);
};

type Ledger = Awaited<ReturnType<typeof entitlementLedger>>;

/** Uses per entitlement and patient in one term (a void's reversal counts negative): the card shows "1 used" even for unlimited services. */
const usedInTerm = (ledger: Ledger, term: number): { patientId: string; key: string; count: number }[] => {
  const sums = new Map<string, { patientId: string; key: string; count: number }>();
  for (const row of ledger.filter((r) => r.term === term)) {
    const id = `${row.patientId}|${row.entitlementKey}`;
    const sum = sums.get(id) ?? { patientId: row.patientId, key: row.entitlementKey, count: 0 };
    sums.set(id, { ...sum, count: sum.count + row.count });
  }
  return [...sums.values()].filter((u) => u.count > 0);
};

const todayOf = async (caller: Caller, membership: Membership, now: Date): Promise<string> => {
  const clinicId = membership.periods.at(-1)?.clinicId ?? '';
  const clinic = await getClinic(caller.tenantId, clinicId);
  return localDay(now, clinic?.timeZone ?? 'Asia/Shanghai');
};

export type MembershipView = ReturnType<typeof viewOf>;

/** What a role may see of a card: terms, dates, status and entitlements left for everyone; money only for those who handle it. */
const viewOf = (caller: Caller, card: MemberCard, ledger: Ledger, today: string) => {
  const { membership: m } = card;
  const term = termOn(m.periods, today) ?? m.periods.at(-1);
  const valueReceivedFen = term ? usedValueByTerm(ledger).get(term.n) ?? 0 : 0;
  const base = {
    membershipId: m.membershipId, holderPatientId: m.holderPatientId, memberPatientIds: m.memberPatientIds, planId: m.planId, planVersion: m.planVersion,
    planName: m.terms.name, status: statusOn(m, today), anchorDate: m.anchorDate, endDate: m.endDate,
    currentTerm: term ? { n: term.n, startDate: term.startDate, endDate: term.endDate } : undefined,
    entitlements: m.memberPatientIds.map((patientId) => ({ patientId, left: entitlementsLeft(card, patientId, today) })),
    usedThisTerm: term ? usedInTerm(ledger, term.n) : [],
    terms: { included: m.terms.included, discounts: m.terms.discounts, family: m.terms.family, termMonths: m.terms.termMonths, renewalGraceDays: m.terms.renewalGraceDays },
    version: m.version,
  };
  if (!seesMoney(caller)) return base;
  return {
    ...base,
    terms: m.terms,
    valueReceivedFen,
    periods: m.periods,
    ...(m.cancelledAt ? { cancelledAt: m.cancelledAt, cancelReason: m.cancelReason, refund: m.refund } : {}),
  };
};

export const membershipView = async (caller: Caller, membershipId: string, now = new Date()) => {
  const card = await readCard(caller, membershipId);
  const ledger = await entitlementLedger(caller.tenantId, card.membership.holderPatientId, membershipId);
  return viewOf(caller, card, ledger, await todayOf(caller, card.membership, now));
};

export const patientMemberships = async (caller: Caller, patientId: string, now = new Date()) => {
  await readPatient(caller, patientId);
  const cards = await cardsOfPatient(caller.tenantId, patientId);
  return Promise.all(
    cards.map(async (card) => {
      const ledger = await entitlementLedger(caller.tenantId, card.membership.holderPatientId, card.membership.membershipId);
      return viewOf(caller, card, ledger, await todayOf(caller, card.membership, now));
    }),
  );
};

/**
 * The refund by the card's frozen rule. A preview answers the amount and writes nothing; a
 * cancellation records the refund and its method, and closes the card to further use.
 */
const cancelMembershipCommit = async (caller: Caller, membershipId: string, input: CancelMembershipInput, now = new Date()) => {
  const card = await readCard(caller, membershipId);
  const m = card.membership;
  if (m.status === 'cancelled') throw new DomainError('conflict', 'membershipId: the membership is already cancelled', [{ path: 'membershipId', message: 'is already cancelled', code: 'membership.cancelled' }]);
  const today = await todayOf(caller, m, now);
  const ledger = await entitlementLedger(caller.tenantId, m.holderPatientId, membershipId);
  const due = refundDue(m.terms.refundRule, m.periods, usedValueByTerm(ledger), today);
  if (input.preview) return { preview: true, ...due };
  if (!input.refund) throw invalid('refund', 'is required to cancel: the amount and how it is paid back', { code: 'required' });
  if (input.refund.amountFen > due.refundableFen) throw invalid('refund.amountFen', `must not exceed the refundable ${due.refundableFen} fen`, { code: 'money.refund' });
  if (!input.reason) throw invalid('reason', 'is required to cancel', { code: 'required' });
  const paidByWallet = storedValuePaid(m);
  if (input.refund.method === 'stored-value' && paidByWallet.principalFen + paidByWallet.bonusFen === 0) {
    throw invalid('refund.method', 'stored-value is only for a card paid with stored value', { code: 'payment.not_offered' });
  }
  const cancelled: Membership = { ...m, status: 'cancelled', cancelledAt: now.toISOString(), cancelledBy: caller.userId, cancelReason: input.reason, refund: input.refund, version: m.version + 1 };
  // The family members are free to join another card: only the markers still naming this one go.
  const ours = [...(await readOnCard(caller.tenantId, markedMembers(m))).values()].filter((marker) => marker.membershipId === membershipId).map((marker) => marker.patientId);
  const markers = { items: ours.map((id) => onCardDelete(caller.tenantId, membershipId, id)), patientIds: ours };
  const holder = input.refund.method === 'stored-value' && input.refund.amountFen > 0 ? await readPatient(caller, m.holderPatientId) : undefined;
  const wallet = holder ? membershipRefundWrite(caller, m, holder.clinicId, input.refund.amountFen, now.toISOString()) : undefined;
  await commitMembershipChange(caller.tenantId, cancelled, m.version, auditEvent(caller, m.holderPatientId, 'membership.cancel', { refId: membershipId }), { months: cancellationDeltas(m, input.refund.amountFen, today) }, markers, wallet);
  return { preview: false, ...due, membership: viewOf(caller, { ...card, membership: cancelled }, ledger, today) };
};

/** sellMembership, then the facts of the patients it changed (segment-facts-service.ts). */
export const sellMembership = /* @__PURE__ */ withFactsRefresh(sellMembershipCommit, (a, r) => ({ tenantId: a[0].tenantId, patientIds: [r.membership.holderPatientId, ...r.membership.memberPatientIds] }));
/** renewMembership, then the facts of the patients it changed (segment-facts-service.ts). */
export const renewMembership = /* @__PURE__ */ withFactsRefresh(renewMembershipCommit, (a, r) => ({ tenantId: a[0].tenantId, patientIds: [r.holderPatientId, ...r.memberPatientIds] }));
/** cancelMembership, then the facts of the patients it changed (segment-facts-service.ts). */
export const cancelMembership = /* @__PURE__ */ withFactsRefresh(cancelMembershipCommit, (a, r) => ({ tenantId: a[0].tenantId, patientIds: 'membership' in r ? [r.membership.holderPatientId, ...r.membership.memberPatientIds] : [] }));
