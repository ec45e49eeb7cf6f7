/**
 * Checkout: price the visit from the catalog, check the payments, and record the visit with
 * everything it changes in one transaction. A retried checkout with the same idempotency key
 * returns the visit already recorded instead of charging twice. When a care message is due at
 * once, an event asks the care-messages job to run for the chain now; the SMS is sent there,
 * never while the front desk waits.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { careCallsForVisit, careMessagesForVisit } from '../../shared/domain/care-pathway.js';
import { checkPayments, priceVisit } from '../../shared/domain/checkout.js';
import { DomainError, invalid } from '../../shared/domain/errors.js';
import { isLatestVisit, summaryAfterVisit, summaryVisitOf } from '../../shared/domain/patient-summary.js';
import { recallsForVisit } from '../../shared/domain/recall.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import { clinicDay, deltaForAppointmentChange, deltaForTaskChange, deltaForVisit, kpiTaskOf, mergeDayCounters, visitFactsFrom } from '../../shared/domain/kpi/rollup.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import { visitCheckedOutEvent, type VisitCheckedOutDetail } from '../../shared/schedules.js';
import type { CheckoutInput, Visit } from '../../shared/schemas/visit.js';
import { auditEvent } from '../adapters/dynamo/audit-repository.js';
import { listProcedures } from '../adapters/dynamo/catalog-repository.js';
import { getAppointment } from '../adapters/dynamo/appointment-repository.js';
import { getClinic, listClinics } from '../adapters/dynamo/org-repository.js';
import { RollupBuffer, rollupUpdates } from '../adapters/dynamo/kpi-repository.js';
import type { StoredCareMessage } from '../adapters/dynamo/care-message-repository.js';
import { putEvent } from '../adapters/event-bus.js';
import { logger } from '../adapters/logger.js';
import { checkDentist } from './staff-lookup.js';
import {
  CheckoutConflict,
  commitCheckout,
  findVisitByKey,
  getSummary,
  listVisits,
  recallAnchors,
  type InstallmentPart,
} from '../adapters/dynamo/visit-repository.js';
import { readPatient } from './patient-service.js';

const day = 24 * 3600_000;
/** DynamoDB's limit of actions in one transaction. */
const maxTransactionActions = 100;
const lateEntryDays = 30;

const fail = (problems: { path: string; message: string }[]): never => {
  throw new DomainError('invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
};

/** The same key for the same patient always names the same visit. */
const visitIdFor = (tenantId: string, patientId: string, key: string | undefined, visitedAt: string): string =>
  key ? `V${createHash('sha256').update(`${tenantId}|${patientId}|${key}`).digest('hex').slice(0, 25).toUpperCase()}` : ulid(Date.parse(visitedAt));

const checkVisitTime = (visitedAt: string, now: Date): void => {
  const at = Date.parse(visitedAt);
  if (at > now.getTime() + 5 * 60_000) throw invalid('visitedAt', 'must not be in the future');
  if (at < now.getTime() - lateEntryDays * day) throw invalid('visitedAt', `may be at most ${lateEntryDays} days back; older visits come in by import`);
};

export type CheckoutResult = { visit: Visit; replayed: boolean };

/**
 * Asks for a care-messages run now. The visit is already recorded, so a bus that refuses must
 * not fail the checkout: the job's 15-minute schedule sends the message a little later.
 */
const requestCareRun = async (detail: VisitCheckedOutDetail): Promise<void> => {
  try {
    await putEvent({ source: visitCheckedOutEvent.source, detailType: visitCheckedOutEvent.detailType, detail });
  } catch (error) {
    logger.warn('care-messages run not requested; the schedule will send', { tenantId: detail.tenantId, errorName: error instanceof Error ? error.name : 'unknown' });
  }
};

/** The KPI rollup updates of a checkout: the visit (and where the patient counts as new) and the kept appointment. */
const checkoutRollups = async (tenantId: string, visit: Visit, otherVisits: Visit[], channel: string, appointment: Appointment | undefined) => {
  const zones = new Map((await listClinics(tenantId)).map((c) => [c.clinicId, c.timeZone]));
  const zoneOf = (clinicId: string) => zones.get(clinicId) ?? defaultTimeZone;
  const deltas = mergeDayCounters([
    ...deltaForVisit(visit, visitFactsFrom(visit, otherVisits, zoneOf, channel)),
    ...(appointment ? deltaForAppointmentChange(appointment, { ...appointment, status: 'completed' }) : []),
  ]);
  const visitDay = clinicDay(visit.clinicId, visit.visitedAt, zoneOf(visit.clinicId));
  return rollupUpdates(tenantId, deltas, new Map([[`${visitDay.clinicId}#${visitDay.day}`, { visitors: { add: [visit.patientId] } }]]));
};

/**
 * The care calls a checkout created, counted as tasks due on their own days. After the commit and
 * not inside it: those days are other rollup items, and the checkout transaction stays within its
 * write budget. A crash in between loses a count, never a task.
 */
const countCareCalls = async (tenantId: string, tasks: FollowUpTask[], timeZone: string): Promise<void> => {
  if (tasks.length === 0) return;
  const counts = new RollupBuffer();
  counts.add(tasks.flatMap((task) => deltaForTaskChange(undefined, kpiTaskOf(task), timeZone)));
  try {
    await counts.flush(tenantId);
  } catch (error) {
    // The checkout is committed: a lost count must not turn it into an error for the front desk.
    logger.warn('care-call counts not added', { tenantId, errorName: error instanceof Error ? error.name : 'unknown' });
  }
};

export const checkout = async (caller: Caller, patientId: string, input: CheckoutInput, now = new Date()): Promise<CheckoutResult> => {
  const patient = await readPatient(caller, patientId);
  const clinic = canSeeClinic(caller, input.clinicId) ? await getClinic(caller.tenantId, input.clinicId) : undefined;
  if (!clinic) throw invalid('clinicId', 'is not one of your clinics');
  const visitedAt = input.visitedAt ? new Date(input.visitedAt).toISOString() : now.toISOString();
  checkVisitTime(visitedAt, now);
  const visitId = visitIdFor(caller.tenantId, patientId, input.idempotencyKey, visitedAt);
  const { idempotencyKey, ...request } = input;
  const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const replay = async (): Promise<CheckoutResult | undefined> => {
    if (!idempotencyKey) return undefined;
    const existing = await findVisitByKey(caller.tenantId, patientId, idempotencyKey);
    if (!existing) return undefined;
    if (existing.requestHash && existing.requestHash !== requestHash) {
      throw new DomainError('conflict', 'idempotencyKey: was already used for a different checkout', [{ path: 'idempotencyKey', message: 'was used for a different checkout' }]);
    }
    return { visit: existing.visit, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const [procedures] = await Promise.all([listProcedures(caller.tenantId), checkDentist(caller.tenantId, input.dentistId, clinic.clinicId)]);
  const byId = new Map<string, Procedure>(procedures.map((p) => [p.procedureId, p]));
  const priced = priceVisit(input, byId);
  if (!priced.ok) return fail(priced.problems);
  const paymentProblems = checkPayments(input.payments, priced.visit.totalFen, localDay(now, clinic.timeZone));
  if (paymentProblems.length) fail(paymentProblems);

  let completedAppointment: Appointment | undefined;
  if (input.appointmentId) {
    const appointment = await getAppointment(caller.tenantId, patientId, input.appointmentId);
    completedAppointment = appointment;
    if (!appointment || appointment.clinicId !== clinic.clinicId) throw invalid('appointmentId', 'is not an appointment of this patient at this clinic');
    if (appointment.status !== 'booked' && appointment.status !== 'checked-in') {
      throw new DomainError('conflict', `appointmentId: the appointment is ${appointment.status}`, [{ path: 'appointmentId', message: `is ${appointment.status}` }]);
    }
  }

  const visit: Visit = {
    visitId,
    patientId,
    clinicId: clinic.clinicId,
    dentistId: input.dentistId,
    ...(input.appointmentId ? { appointmentId: input.appointmentId } : {}),
    visitedAt,
    source: 'checkout',
    ...priced.visit,
    payments: input.payments,
    notes: input.notes,
    createdBy: caller.userId,
    createdAt: now.toISOString(),
  };
  const usedProcedures = [...new Set(priced.visit.lines.map((l) => l.procedureId))].map((id) => byId.get(id)).filter((p): p is Procedure => p !== undefined);
  const visitDay = localDay(new Date(visitedAt), clinic.timeZone);
  const careCalls = careCallsForVisit(visitId, visitedAt, usedProcedures);
  const tasks: FollowUpTask[] = careCalls.map((call) => ({
    taskId: call.occasion,
    patientId,
    patientName: patient.name,
    clinicId: clinic.clinicId,
    kind: 'care-call',
    topic: call.topic,
    occasion: call.occasion,
    dueAt: call.dueAt,
    // Post-op calls are the treating dentist's; other care calls are the front desk's.
    assignee: call.topic.startsWith('post-op') ? { kind: 'person', userId: input.dentistId } : { kind: 'role', role: 'frontdesk' },
    status: 'open',
    attempts: [],
    visitId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }));
  const careMessages: StoredCareMessage[] = careMessagesForVisit(visitId, visitedAt, now.toISOString(), clinic.timeZone, usedProcedures).map((message) => ({
    ...message,
    patientId,
    clinicId: clinic.clinicId,
    visitId,
    createdAt: now.toISOString(),
  }));
  // Numbered across all payments: two installment payments must not share part numbers (one item each).
  const installments: InstallmentPart[] = input.payments
    .flatMap((p) => p.schedule ?? [])
    .map((part, n) => ({ visitId, patientId, clinicId: clinic.clinicId, n, dueDate: part.dueDate, amountFen: part.amountFen, status: 'due' as const }));
  // Visit, key claim, summary, appointment, audit, recalls (one per group), tasks, care messages,
  // installment parts, and up to three KPI rollup days (the visit's, and where "new patient" moves from and to).
  const actions = 9 + usedProcedures.length + tasks.length + careMessages.length + installments.length;
  if (actions > maxTransactionActions) {
    fail([{ path: installments.length > 30 ? 'payments' : 'lines', message: `make this checkout smaller: it would change ${actions} records at once, more than ${maxTransactionActions}` }]);
  }
  const pathwayDays = Math.max(0, ...usedProcedures.flatMap((p) => p.carePathway.map((s) => s.offsetDays)));

  // The summary is read, changed and written back only if unchanged meanwhile; retried on a race.
  for (let attempt = 0; attempt < 4; attempt++) {
    const current = await getSummary(caller.tenantId, patientId);
    const isLatest = isLatestVisit(current, visitedAt);
    const summary = summaryAfterVisit(current, summaryVisitOf(visit, pathwayDays));
    // A late-entered older visit does not move recall dates set by a newer one.
    const [anchors, otherVisits] = await Promise.all([isLatest ? recallAnchors(caller.tenantId, patientId) : undefined, listVisits(caller.tenantId, patientId)]);
    const recalls = anchors ? recallsForVisit(usedProcedures.map((p) => p.recall), visitDay, anchors) : [];
    // Read after the summary: the transaction holds only if no other visit was written since.
    const rollups = await checkoutRollups(caller.tenantId, visit, otherVisits.filter((v) => !v.voidedAt), patient.channel, completedAppointment);
    try {
      await commitCheckout({
        tenantId: caller.tenantId,
        visit,
        ...(idempotencyKey ? { idempotencyKey, requestHash } : {}),
        summary,
        summaryVersionRead: current?.version,
        ...(input.appointmentId ? { appointment: { appointmentId: input.appointmentId } } : {}),
        recalls,
        tasks,
        careMessages,
        installments,
        audit: auditEvent(caller, patientId, 'visit.create', { refId: visitId }),
        rollups,
      });
      await countCareCalls(caller.tenantId, tasks, clinic.timeZone);
      if (careMessages.some((m) => m.dueAt <= now.toISOString())) await requestCareRun({ tenantId: caller.tenantId, patientId, visitId });
      return { visit, replayed: false };
    } catch (error) {
      if (!(error instanceof CheckoutConflict)) throw error;
      if (error.reason === 'summary-changed') continue;
      if (error.reason === 'visit-exists') {
        const existing = await replay();
        if (existing) return existing;
      }
      if (error.reason === 'appointment-not-open') {
        throw new DomainError('conflict', 'appointmentId: the appointment was completed or cancelled meanwhile', [{ path: 'appointmentId', message: 'is no longer open' }]);
      }
      throw new DomainError('conflict', 'This checkout conflicts with one recorded meanwhile; reload the patient and try again');
    }
  }
  throw new DomainError('conflict', 'The patient’s record kept changing during checkout; try again');
};
