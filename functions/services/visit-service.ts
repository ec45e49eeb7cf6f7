/**
 * Checkout: price the visit from the catalog, check the payments, and record the visit with
 * everything it changes in one transaction. A retried checkout with the same idempotency key
 * returns the visit already recorded instead of charging twice. When a care message is due at
 * once, an event asks the care-messages job to run for the chain now; the SMS is sent there,
 * never while the front desk waits. The rules are pure steps (shared/domain/checkout/); this
 * file reads, plans, writes, and retries on a summary race.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { planCheckout, type CheckoutPlan, type PricedCheckout } from '../../shared/domain/checkout/plan.js';
import { checkPayments } from '../../shared/domain/checkout/payments.js';
import { priceVisit } from '../../shared/domain/checkout/pricing.js';
import { DomainError, invalid, type FieldProblem } from '../../shared/domain/errors.js';
import { isLatestVisit } from '../../shared/domain/patient-summary.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import { clinicDay, deltaForAppointmentChange, deltaForTaskChange, deltaForVisit, kpiTaskOf, mergeDayCounters, visitFactsFrom, dayKeyOf } from '../../shared/domain/kpi/rollup.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { Clinic } from '../../shared/schemas/org.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import { visitCheckedOutEvent, type VisitCheckedOutDetail } from '../../shared/schedules.js';
import type { CheckoutInput, Visit } from '../../shared/schemas/visit.js';
import { auditEvent } from '../adapters/dynamo/audit-repository.js';
import { listProcedures } from '../adapters/dynamo/catalog-repository.js';
import { getAppointment } from '../adapters/dynamo/appointment-repository.js';
import { getClinic, listClinics } from '../adapters/dynamo/org-repository.js';
import { rollupUpdates } from '../adapters/dynamo/kpi-repository.js';
import { putEvent } from '../adapters/event-bus.js';
import { logger } from '../adapters/logger.js';
import { checkDentist } from './staff-lookup.js';
import {
  CheckoutConflict,
  CheckoutTooLarge,
  commitCheckout,
  findVisitByKey,
  getSummary,
  listVisits,
  maxTransactionActions,
  recallAnchors,
} from '../adapters/dynamo/visit-repository.js';
import { readPatient } from './patient-service.js';
import { cardsOfPatient } from '../adapters/dynamo/membership-repository.js';
import { packsOfPatient } from '../adapters/dynamo/pack-repository.js';
import { referralGrant, type ReferralGrant } from '../../shared/domain/members/referral.js';
import type { PatientSummaryState } from '../../shared/domain/patient-summary.js';
import type { Referrer } from '../../shared/schemas/patient.js';
import { retry, summaryRace } from '../lib/retry.js';
import { planStoredValuePayment } from './checkout-stored-value.js';
import { afterDebit } from './low-balance-request.js';
import { getCoupon } from '../adapters/dynamo/coupon-repository.js';
import type { Coupon } from '../../shared/schemas/coupons.js';
import { getPointsRules } from '../adapters/dynamo/points-repository.js';
import { planCheckoutPoints } from './points-service.js';
import { withFactsRefresh } from './segment-facts-service.js';
import { checkoutStockItems } from './stock-checkout.js';

const day = 24 * 3600_000;
const lateEntryDays = 30;

const fail = (problems: FieldProblem[]): never => {
  throw new DomainError('invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
};

/** The same key for the same patient always names the same visit. */
const visitIdFor = (tenantId: string, patientId: string, key: string | undefined, visitedAt: string): string =>
  key ? `V${createHash('sha256').update(`${tenantId}|${patientId}|${key}`).digest('hex').slice(0, 25).toUpperCase()}` : ulid(Date.parse(visitedAt));

const checkVisitTime = (visitedAt: string, now: Date): void => {
  const at = Date.parse(visitedAt);
  if (at > now.getTime() + 5 * 60_000) throw invalid('visitedAt', 'must not be in the future', { code: 'date.future' });
  if (at < now.getTime() - lateEntryDays * day) throw invalid('visitedAt', `may be at most ${lateEntryDays} days back; older visits come in by import`, { code: 'date.too_old', params: { maximum: lateEntryDays } });
};

export type CheckoutResult = { visit: Visit; replayed: boolean };

/**
 * Announces the checkout: a care-messages run now when a care message is due, and triggered
 * campaigns. The visit is already recorded, so a bus that refuses must not fail the checkout:
 * the care job's 15-minute schedule sends the message a little later.
 */
const requestCareRun = async (detail: VisitCheckedOutDetail): Promise<void> => {
  try {
    await putEvent({ source: visitCheckedOutEvent.source, detailType: visitCheckedOutEvent.detailType, detail });
  } catch (error) {
    logger.warn('care-messages run not requested; the schedule will send', { tenantId: detail.tenantId, errorName: error instanceof Error ? error.name : 'unknown' });
  }
};

/**
 * The KPI rollup updates of a checkout: the visit (and where the patient counts as new), the kept
 * appointment, and the care calls it creates, counted as tasks due on their own days. The calls'
 * counts are in the checkout's transaction, not written after it: a crash between the commit and
 * a later write lost them for good, and a replayed checkout (same idempotency key) cannot add them
 * without double-counting the ones that did land. Cheaper than having the nightly recompute
 * repair them: a checkout creates one or two calls, so this is one more Update (2 WCU instead of
 * the 1 WCU the separate write cost) on a transaction far below DynamoDB's 100 actions (a
 * checkout over it is refused as too large), while a nightly repair would read every open task
 * of the chain each night. A call due on the visit's day shares the visit day's Update.
 */
const checkoutRollups = async (tenantId: string, visit: Visit, otherVisits: Visit[], channel: string, appointment: Appointment | undefined, tasks: FollowUpTask[]) => {
  const zones = new Map((await listClinics(tenantId)).map((c) => [c.clinicId, c.timeZone]));
  const zoneOf = (clinicId: string) => zones.get(clinicId) ?? defaultTimeZone;
  const deltas = mergeDayCounters([
    ...deltaForVisit(visit, visitFactsFrom(visit, otherVisits, zoneOf, channel)),
    ...(appointment ? deltaForAppointmentChange(appointment, { ...appointment, status: 'completed' }) : []),
    ...tasks.flatMap((task) => deltaForTaskChange(undefined, kpiTaskOf(task), zoneOf(task.clinicId))),
  ]);
  const visitDay = clinicDay(visit.clinicId, visit.visitedAt, zoneOf(visit.clinicId));
  return rollupUpdates(tenantId, deltas, new Map([[dayKeyOf(visitDay), { visitors: { add: [visit.patientId] } }]]));
};

/**
 * The referrer's reward (seed 000: 推荐新客户送免费洗牙1次) when this is the referred patient's
 * first paid visit: no spend before it in the summary, which the commit holds unchanged. Not on a
 * card this checkout already uses (one transaction may change an item once).
 */
const referralFor = async (tenantId: string, patient: { patientId: string; referrer?: Referrer }, summary: PatientSummaryState | undefined, plan: CheckoutPlan, timeZone: string): Promise<ReferralGrant | undefined> => {
  if (patient.referrer?.kind !== 'patient' || (summary?.totalSpendFen ?? 0) > 0 || plan.visit.totalFen <= 0) return undefined;
  const referrerId = patient.referrer.patientId;
  const used = new Set(plan.entitlementUses.map((u) => u.membershipId));
  const cards = (await cardsOfPatient(tenantId, referrerId)).map((c) => c.membership).filter((m) => m.holderPatientId === referrerId && !used.has(m.membershipId));
  return referralGrant(cards, { referredPatientId: patient.patientId, visitId: plan.visit.visitId, totalFen: plan.visit.totalFen, isFirstPaidVisit: true, day: localDay(new Date(plan.visit.visitedAt), timeZone) });
};

type Replay = () => Promise<CheckoutResult | undefined>;

/** The visit a key already recorded, if any; the same key with another request is refused. */
const replayer = (tenantId: string, patientId: string, idempotencyKey: string | undefined, requestHash: string): Replay => async () => {
  if (!idempotencyKey) return undefined;
  const existing = await findVisitByKey(tenantId, patientId, idempotencyKey);
  if (!existing) return undefined;
  if (existing.requestHash && existing.requestHash !== requestHash) {
    throw new DomainError('conflict', 'idempotencyKey: was already used for a different checkout', [{ path: 'idempotencyKey', message: 'was used for a different checkout', code: 'idempotency.reused' }]);
  }
  return { visit: existing.visit, replayed: true };
};

/** The appointment this visit completes: this patient's, at this clinic, and still open. */
const openAppointment = async (tenantId: string, patientId: string, appointmentId: string | undefined, clinicId: string): Promise<Appointment | undefined> => {
  if (!appointmentId) return undefined;
  const appointment = await getAppointment(tenantId, patientId, appointmentId);
  if (!appointment || appointment.clinicId !== clinicId) throw invalid('appointmentId', 'is not an appointment of this patient at this clinic', { code: 'appointment.not_found' });
  if (appointment.status !== 'booked' && appointment.status !== 'checked-in') {
    throw new DomainError('conflict', `appointmentId: the appointment is ${appointment.status}`, [{ path: 'appointmentId', message: `is ${appointment.status}`, code: 'appointment.closed', params: { status: appointment.status } }]);
  }
  return appointment;
};

/** A transaction over DynamoDB's limit: the person shortens the installment schedules or the lines. */
const tooLarge = (plan: CheckoutPlan, actions: number): never =>
  fail([{ path: plan.installments.length > 30 ? 'payments' : 'lines', message: `make this checkout smaller: it would change ${actions} records at once, more than ${maxTransactionActions}`, code: 'too_many', params: { maximum: maxTransactionActions } }]);

/** What a failed commit means for the caller; undefined: the summary changed meanwhile, plan again. */
const afterConflict = async (error: unknown, plan: CheckoutPlan, replay: Replay): Promise<CheckoutResult | undefined> => {
  if (error instanceof CheckoutTooLarge) return tooLarge(plan, error.actions);
  if (!(error instanceof CheckoutConflict)) throw error;
  // Planned again from fresh reads: a short balance then answers 409 with what is left.
  if (error.reason === 'summary-changed' || error.reason === 'balance-short' || error.reason === 'stock-changed') return undefined;
  if (error.reason === 'visit-exists') {
    const existing = await replay();
    if (existing) return existing;
  }
  if (error.reason === 'entitlement-used') {
    throw new DomainError('conflict', 'The membership benefit this checkout uses was just used by another checkout (perhaps a family member’s) or the card was cancelled; reload the patient to price the visit again', [
      { path: 'lines', message: 'a line the membership covered is no longer covered', code: 'membership.covered_changed' },
    ]);
  }
  if (error.reason === 'coupon-used') throw couponUsed();
  if (error.reason === 'pack-used') {
    throw new DomainError('conflict', 'The visit pack this checkout uses was just used by another checkout, or it expired or was cancelled; reload the patient to price the visit again', [
      { path: 'lines', message: 'a line the visit pack covered is no longer covered', code: 'pack.used_changed' },
    ]);
  }
  if (error.reason === 'appointment-not-open') {
    throw new DomainError('conflict', 'appointmentId: the appointment was completed or cancelled meanwhile', [{ path: 'appointmentId', message: 'is no longer open', code: 'appointment.closed' }]);
  }
  throw new DomainError('conflict', 'This checkout conflicts with one recorded meanwhile; reload the patient and try again');
};

const couponUsed = () => new DomainError('conflict', 'couponCode: this coupon was already used (perhaps by another checkout just now)', [{ path: 'couponCode', message: 'was already used', code: 'coupon.used' }]);

/** The coupon typed in, if this patient holds it; a used one is a 409 (its state, not the input, is wrong). */
const couponOf = async (tenantId: string, patientId: string, code: string | undefined): Promise<Coupon | undefined> => {
  if (!code) return undefined;
  const coupon = await getCoupon(tenantId, patientId, code);
  if (!coupon) throw invalid('couponCode', 'is not a coupon of this patient', { code: 'coupon.not_found' });
  if (coupon.status !== 'issued') throw couponUsed();
  return coupon;
};

/** Who and where a visit is for: the patient (visible to the caller), the clinic (theirs) and the checked time. */
export const visitContext = async (caller: Caller, patientId: string, input: Pick<CheckoutInput, 'clinicId' | 'visitedAt'>, now: Date) => {
  const patient = await readPatient(caller, patientId);
  const clinic: Clinic | undefined = canSeeClinic(caller, input.clinicId) ? await getClinic(caller.tenantId, input.clinicId) : undefined;
  if (!clinic) throw invalid('clinicId', 'is not one of your clinics', { code: 'clinic.not_yours' });
  const visitedAt = input.visitedAt ? new Date(input.visitedAt).toISOString() : now.toISOString();
  checkVisitTime(visitedAt, now);
  return { patient, clinic, visitedAt };
};

export type VisitPricingInput = Pick<CheckoutInput, 'clinicId' | 'lines' | 'discountFen' | 'couponCode' | 'pointsToSpend'> & { dentistId?: string };

/**
 * The read-and-price step: the catalog, the patient's cards and coupon as read now, and the visit
 * priced with them. The checkout and its preview (POST …/visits/preview) both call this, so the
 * total the front desk is shown is the total the checkout charges.
 */
export const priceVisitFor = async (caller: Caller, patientId: string, input: VisitPricingInput, at: { clinic: Clinic; visitedAt: string; now: Date }) => {
  const { clinic, visitedAt, now } = at;
  const [procedures, cards, packs] = await Promise.all([
    listProcedures(caller.tenantId), cardsOfPatient(caller.tenantId, patientId), packsOfPatient(caller.tenantId, patientId), input.dentistId ? checkDentist(caller.tenantId, input.dentistId, clinic.clinicId) : undefined,
  ]);
  const catalog = new Map<string, Procedure>(procedures.map((p) => [p.procedureId, p]));
  // The card's counters as read price the lines; the commit's conditions hold them to it.
  const members = cards.length ? { members: { cards, patientId, day: localDay(new Date(visitedAt), clinic.timeZone) } } : {};
  // Visit packs after the cards: a line a membership covers never spends a pack use.
  const packPricing = packs.length ? { packs: { packs, patientId, day: localDay(new Date(visitedAt), clinic.timeZone) } } : {};
  const today = localDay(now, clinic.timeZone);
  // A coupon is valid on the day it is redeemed (the clinic's today), whatever day the visit is entered for.
  const coupon = await couponOf(caller.tenantId, patientId, input.couponCode);
  const pointsRules = await getPointsRules(caller.tenantId);
  const pointsSpend = input.pointsToSpend ? { points: { points: input.pointsToSpend, rules: pointsRules } } : {};
  const priced = priceVisit(input, catalog, undefined, { ...members, ...packPricing, ...(coupon ? { coupon: { coupon, day: today } } : {}), ...pointsSpend });
  if (!priced.ok) return fail(priced.problems);
  return { catalog, today, coupon, cards, pointsRules, priced: { visit: priced.visit, adjustments: priced.adjustments } satisfies PricedCheckout };
};

const checkoutCommit = async (caller: Caller, patientId: string, input: CheckoutInput, now = new Date()): Promise<CheckoutResult> => {
  const { patient, clinic, visitedAt } = await visitContext(caller, patientId, input, now);
  const { idempotencyKey, ...request } = input;
  const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const replay = replayer(caller.tenantId, patientId, idempotencyKey, requestHash);
  const earlier = await replay();
  if (earlier) return earlier;

  const { catalog, today, coupon, cards, pointsRules, priced } = await priceVisitFor(caller, patientId, input, { clinic, visitedAt, now });
  const paymentProblems = checkPayments(input.payments, priced.visit.totalFen, today);
  if (paymentProblems.length) return fail(paymentProblems);
  const appointment = await openAppointment(caller.tenantId, patientId, input.appointmentId, clinic.clinicId);
  const visitId = visitIdFor(caller.tenantId, patientId, idempotencyKey, visitedAt);

  // The summary is read, changed and written back only if unchanged meanwhile; retried on a race.
  return retry(async () => {
    const summary = await getSummary(caller.tenantId, patientId);
    const [anchors, otherVisits] = await Promise.all([isLatestVisit(summary, visitedAt) ? recallAnchors(caller.tenantId, patientId) : undefined, listVisits(caller.tenantId, patientId)]);
    // Read on every attempt: a lost race plans the debit again from the balance now.
    const storedValue = await planStoredValuePayment(caller, patientId, input.payments, { visitId, createdAt: now.toISOString(), patientClinicId: patient.clinicId });
    // Points earned on what is paid now and spent FIFO, planned from the account as read (409 when short).
    const points = await planCheckoutPoints(caller, {
      patientId, visitId, createdAt: now.toISOString(), day: today, cards, payments: input.payments, rules: pointsRules,
      spend: { points: priced.visit.pointsSpent ?? 0, fen: priced.visit.pointsDiscountFen ?? 0 },
    });
    const plan = planCheckout({
      input: request, priced, catalog, visitId, visitedAt, patient, clinic, createdBy: caller.userId, now, summary, recallAnchors: anchors,
      ...(storedValue ? { storedValueDebit: storedValue.debit } : {}),
      ...(points ? { points: points.points } : {}),
    });
    // Read after the summary: the transaction holds only if no other visit was written since.
    const rollups = await checkoutRollups(caller.tenantId, plan.visit, otherVisits.filter((v) => !v.voidedAt), patient.channel, appointment, plan.tasks);
    const referral = await referralFor(caller.tenantId, patient, summary, plan, clinic.timeZone);
    // The consumables the procedures use, deducted in this transaction (stock-checkout.ts).
    const stockItems = await checkoutStockItems(caller.tenantId, clinic, plan.visit, caller.userId);
    try {
      await commitCheckout({
        tenantId: caller.tenantId,
        ...plan,
        ...(idempotencyKey ? { idempotencyKey, requestHash } : {}),
        ...(input.appointmentId ? { appointment: { appointmentId: input.appointmentId } } : {}),
        audit: auditEvent(caller, patientId, plan.audit.action, { refId: plan.audit.refId }),
        rollups,
        ...(referral ? { referralGrant: referral } : {}),
        ...(storedValue ? { walletDebit: storedValue.write } : {}),
        ...(coupon ? { couponRedeem: { code: coupon.code, day: today } } : {}),
        ...(points ? { pointsWrite: points.write } : {}),
        ...(plan.visit.packUses ? { packUses: { uses: plan.visit.packUses, day: localDay(new Date(visitedAt), clinic.timeZone) } } : {}),
        ...(stockItems.length ? { stockItems } : {}),
      });
    } catch (error) {
      const outcome = await afterConflict(error, plan, replay);
      if (outcome) return outcome;
      throw error;
    }
    if (storedValue) await afterDebit({ tenantId: caller.tenantId, patientId, debitedFen: -(storedValue.debit.principalFen + storedValue.debit.bonusFen), balanceAfterFen: storedValue.balanceAfterFen });
    // Every checkout is announced (triggered campaigns listen); the care rule matches only careDue.
    await requestCareRun({ tenantId: caller.tenantId, patientId, visitId, at: now.toISOString(), careDue: plan.careMessages.some((m) => m.dueAt <= now.toISOString()) });
    return { visit: plan.visit, replayed: false };
  }, summaryRace('The patient’s record kept changing during checkout; try again', (error) => error instanceof CheckoutConflict && (error.reason === 'summary-changed' || error.reason === 'balance-short' || error.reason === 'stock-changed')));
};

/** checkout, then the facts of the patients it changed (segment-facts-service.ts). */
export const checkout = /* @__PURE__ */ withFactsRefresh(checkoutCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1]] }));
