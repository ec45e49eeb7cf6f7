/**
 * A checkout as pure steps: price the lines → apply the adjustments → split the payments (all in
 * `priceCheckout`, before anything else is read) → then, given what was read, `planCheckout`
 * derives everything the one transaction writes: the visit, the patient's next summary, recall
 * dates, follow-up tasks, care messages, installment parts and the audit entry's reference.
 */
import type { FieldProblem } from '../errors.js';
import { isLatestVisit, summaryAfterVisit, summaryVisitOf, type PatientSummaryState } from '../patient-summary.js';
import type { RecallDue } from '../recall.js';
import { localDay } from '../time.js';
import type { Procedure } from '../../schemas/catalog.js';
import type { FollowUpTask } from '../../schemas/task.js';
import type { CheckoutInput, StoredValueDebit, Visit } from '../../schemas/visit.js';
import type { Adjustment } from './adjustments.js';
import { carePathwayDays, careCallTasks, proceduresDone, visitCareMessages, visitRecalls, type VisitCareMessage, type VisitRef } from './follow-ups.js';
import { checkPayments, installmentParts, type InstallmentPart } from './payments.js';
import { priceVisit, type CouponPricing, type MemberPricing, type PackPricing, type PricedVisit } from './pricing.js';
import type { PointsSpend } from './adjustments.js';
import type { VisitPoints } from '../../schemas/points.js';
import type { EntitlementUse } from '../members/entitlements.js';

export type PricedCheckout = { visit: PricedVisit; adjustments: Adjustment[] };

/** Pricing, adjustments and payments: every problem names the field to fix. */
export const priceCheckout = (
  input: Pick<CheckoutInput, 'lines' | 'discountFen' | 'clinicId' | 'payments'>,
  catalog: ReadonlyMap<string, Procedure>,
  clinicToday: string,
  options: { members?: MemberPricing; coupon?: CouponPricing; points?: PointsSpend; packs?: PackPricing } = {},
): { ok: true; priced: PricedCheckout } | { ok: false; problems: FieldProblem[] } => {
  const priced = priceVisit(input, catalog, undefined, options);
  if (!priced.ok) return priced;
  const problems = checkPayments(input.payments, priced.visit.totalFen, clinicToday);
  if (problems.length) return { ok: false, problems };
  return { ok: true, priced: { visit: priced.visit, adjustments: priced.adjustments } };
};

export type CheckoutFacts = {
  input: Omit<CheckoutInput, 'idempotencyKey'>;
  priced: PricedCheckout;
  catalog: ReadonlyMap<string, Procedure>;
  visitId: string;
  /** already checked: at most 30 days back, never ahead */
  visitedAt: string;
  patient: { patientId: string; name: string };
  clinic: { clinicId: string; timeZone: string };
  createdBy: string;
  now: Date;
  /** the summary as read; the write holds only if it is unchanged */
  summary: PatientSummaryState | undefined;
  /** the patient's recall anchors, read only when this visit is the latest (`isLatestVisit`) */
  recallAnchors: ReadonlyMap<string, string> | undefined;
  /** the stored-value payment as planned from the balance read (wallet/operations.ts planDebit) */
  storedValueDebit?: StoredValueDebit;
  /** the points spent and earned as planned from the account read (points/points.ts) */
  points?: VisitPoints;
};

export type CheckoutPlan = {
  visit: Visit;
  summary: PatientSummaryState;
  summaryVersionRead: number | undefined;
  recalls: RecallDue[];
  tasks: FollowUpTask[];
  careMessages: VisitCareMessage[];
  installments: InstallmentPart[];
  /** the membership entitlements the visit uses: written with conditional counter updates */
  entitlementUses: EntitlementUse[];
  audit: { action: 'visit.create'; refId: string };
};

export const planCheckout = (facts: CheckoutFacts): CheckoutPlan => {
  const { input, patient, clinic, visitedAt, visitId } = facts;
  const createdAt = facts.now.toISOString();
  const visit: Visit = {
    visitId,
    patientId: patient.patientId,
    clinicId: clinic.clinicId,
    dentistId: input.dentistId,
    ...(input.appointmentId ? { appointmentId: input.appointmentId } : {}),
    visitedAt,
    source: 'checkout',
    ...facts.priced.visit,
    ...(facts.priced.visit.memberUses ? { memberUses: facts.priced.visit.memberUses.map((u) => ({ ...u, visitId })) } : {}),
    ...(facts.priced.visit.packUses ? { packUses: facts.priced.visit.packUses.map((u) => ({ ...u, visitId })) } : {}),
    payments: input.payments,
    ...(facts.storedValueDebit ? { storedValueDebit: facts.storedValueDebit } : {}),
    ...(facts.points ? { points: facts.points } : {}),
    notes: input.notes,
    createdBy: facts.createdBy,
    createdAt,
  };
  const procedures = proceduresDone(visit.lines, facts.catalog);
  const ref: VisitRef = { visitId, patientId: patient.patientId, clinicId: clinic.clinicId, visitedAt, createdAt };
  const anchors = isLatestVisit(facts.summary, visitedAt) ? facts.recallAnchors : undefined;
  return {
    visit,
    summary: summaryAfterVisit(facts.summary, summaryVisitOf(visit, carePathwayDays(procedures))),
    summaryVersionRead: facts.summary?.version,
    recalls: visitRecalls(procedures, localDay(new Date(visitedAt), clinic.timeZone), anchors),
    tasks: careCallTasks(ref, { patientName: patient.name, dentistId: input.dentistId }, procedures),
    careMessages: visitCareMessages(ref, clinic.timeZone, procedures),
    installments: installmentParts(input.payments, ref),
    entitlementUses: visit.memberUses ?? [],
    audit: { action: 'visit.create', refId: visitId },
  };
};
