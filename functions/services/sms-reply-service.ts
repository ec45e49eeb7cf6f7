/**
 * A patient's SMS reply, acted on: 1/确认 confirms the soonest appointment in the next 48 h,
 * 2/改约 asks the front desk to move it, T/TD/R/退订 opts out at once, anything else is a task for
 * the front desk with the patient's words. The chain comes from the number the reply was sent
 * to; only a reply a provider pushed to the chain's own address carries its chain, set by the
 * public function, never by the patient (whose words are only the text). Every action is idempotent: tasks are keyed by the inbound id,
 * a confirmation and an opt-out keep their first time, so a second delivery changes nothing.
 */
import { providerReplyChannels } from '../../shared/domain/channels/provider-replies.js';
import { createHash } from 'node:crypto';
import { classifyReply, confirmWindowHours, maxReplyTextLength, normalizeReplyNumber } from '../../shared/domain/messaging/replies.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { normalizePhone } from '../../shared/domain/phone.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { InboundSms, ReplyResult } from '../../shared/schemas/sms-reply.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import { confirmAppointment, patientOpenAppointmentsBetween } from '../adapters/dynamo/appointment-repository.js';
import { tenantForInboundNumber } from '../adapters/dynamo/inbound-number-repository.js';
import { getClinic, listClinics } from '../adapters/dynamo/org-repository.js';
import { replyDueAt } from '../../shared/domain/tasks.js';
import { defaultTimeZone } from '../../shared/domain/time.js';
import { queryPatients } from '../adapters/dynamo/patient-repository.js';
import { createTask } from '../adapters/dynamo/task-repository.js';
import { recordUnmatchedReply } from '../adapters/dynamo/unmatched-reply-repository.js';
import { recordSmsOptOut } from './patient-service.js';
import { suppressPhone } from '../adapters/dynamo/phone-suppression-repository.js';
import { replyToEvent, type EventReply } from './member-event-replies.js';

export type HandledReply = ReplyResult & { tenantId?: string };

const eventOutcomes: Record<EventReply['outcome'], ReplyResult['outcome']> = {
  'signed-up': 'event-signed-up', waiting: 'event-waiting', 'already-signed-up': 'event-already', 'already-waiting': 'event-already',
  cancelled: 'event-cancelled', 'left-waiting-list': 'event-cancelled', 'nothing-to-cancel': 'event-already', closed: 'event-closed',
};
const eventResult = (reply: EventReply, patients: number): ReplyResult => ({ outcome: eventOutcomes[reply.outcome], patients, eventId: reply.eventId });

/** Families share a phone; a handful of records per number is the most a clinic sees. */
const maxPatientsPerPhone = 50;
const farFuture = '9999-12-31T00:00:00.000Z';

/** Occasion keys are short and URL-safe; an inbound id that is not becomes its digest. */
const occasionOf = (inboundMessageId: string): string =>
  /^[A-Za-z0-9._-]{1,100}$/.test(inboundMessageId) ? `sms.${inboundMessageId}` : `sms.${createHash('sha256').update(inboundMessageId).digest('hex').slice(0, 40)}`;

/** Every patient of the chain with exactly this phone, in a stable order (oldest record first). */
const patientsWithPhone = async (tenantId: string, phone: string): Promise<PatientRecord[]> => {
  const clinics = await listClinics(tenantId);
  // "<phone>#" makes the index's prefix search an exact match on the number.
  const pages = await Promise.all(clinics.map((c) => queryPatients(tenantId, { kind: 'phone', clinicId: c.clinicId, prefix: `${phone}#` }, maxPatientsPerPhone)));
  return pages
    .flatMap((p) => p.items)
    .filter((p) => p.mergedInto === undefined)
    .sort((a, b) => a.patientId.localeCompare(b.patientId));
};

type Booked = { patient: PatientRecord; appointment: Appointment };

/** The soonest booked appointment of any of these patients starting in [from, to). */
const soonestBooked = async (tenantId: string, patients: PatientRecord[], from: string, to: string): Promise<Booked | undefined> => {
  const found = await Promise.all(
    patients.map(async (patient) => (await patientOpenAppointmentsBetween(tenantId, patient.patientId, from, to)).filter((a) => a.status === 'booked').map((appointment) => ({ patient, appointment }))),
  );
  return found.flat().sort((a, b) => a.appointment.startAt.localeCompare(b.appointment.startAt))[0];
};

type TaskFor = { patient: PatientRecord; kind: FollowUpTask['kind']; topic: string; occasion: string; at: string; appointment?: Appointment; replyText?: string };

/** False when a delivery before this one already made the task. */
const frontDeskTask = async (tenantId: string, t: TaskFor): Promise<boolean> => {
  const clinicId = t.appointment?.clinicId ?? t.patient.clinicId;
  const timeZone = (await getClinic(tenantId, clinicId))?.timeZone ?? defaultTimeZone;
  const task: FollowUpTask = {
    taskId: t.occasion,
    patientId: t.patient.patientId,
    patientName: t.patient.name,
    // The desk that holds the appointment handles its move; otherwise the patient's own clinic.
    clinicId: t.appointment?.clinicId ?? t.patient.clinicId,
    kind: t.kind,
    topic: t.topic,
    occasion: t.occasion,
    // In working hours from its arrival: a reply at night is not overdue before the desk opens.
    dueAt: replyDueAt(t.at, timeZone),
    assignee: { kind: 'role', role: 'frontdesk' },
    status: 'open',
    attempts: [],
    ...(t.appointment ? { appointmentId: t.appointment.appointmentId } : {}),
    ...(t.replyText !== undefined ? { replyText: t.replyText } : {}),
    createdAt: t.at,
    updatedAt: t.at,
  };
  try {
    await createTask(tenantId, task);
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'conflict') return false;
    throw error;
  }
};

/** One chain's reply. `receivedAt` is when SNS took it: the same on every redelivery. */
export const handleChainReply = async (tenantId: string, sms: InboundSms, receivedAt: string, now = new Date()): Promise<ReplyResult> => {
  const normalized = normalizePhone(sms.originationNumber);
  const from = normalized.ok ? normalized.e164 : sms.originationNumber.trim();
  const text = sms.messageBody.slice(0, maxReplyTextLength);
  const patients = normalized.ok ? await patientsWithPhone(tenantId, from) : [];
  const first = patients[0];
  // An opt-out stops the number at once, whoever carries it now or later.
  if (normalized.ok && classifyReply(sms.messageBody) === 'opt-out') await suppressPhone(tenantId, from, receivedAt, `sms:${sms.inboundMessageId}`);
  if (!first) {
    const recorded = await recordUnmatchedReply(tenantId, { inboundMessageId: sms.inboundMessageId, from, text, receivedAt });
    return { outcome: recorded ? 'unmatched' : 'duplicate', patients: 0 };
  }
  const at = now.toISOString();
  const occasion = occasionOf(sms.inboundMessageId);
  const count = patients.length;
  const messageTask = async (): Promise<ReplyResult> =>
    (await frontDeskTask(tenantId, { patient: first, kind: 'reply', topic: 'sms-reply', occasion, at, replyText: text }))
      ? { outcome: 'front-desk-task', patients: count, taskId: occasion }
      : { outcome: 'duplicate', patients: count };

  switch (classifyReply(sms.messageBody)) {
    case 'opt-out': {
      // Every record with the number: the person who asked to stop owns the phone, not one record.
      for (const patient of patients) await recordSmsOptOut(tenantId, patient.patientId, receivedAt, `sms:${sms.inboundMessageId}`);
      return { outcome: 'opted-out', patients: count };
    }
    case 'confirm': {
      const until = new Date(now.getTime() + confirmWindowHours * 3600_000).toISOString();
      const booked = await soonestBooked(tenantId, patients, at, until);
      // No appointment to confirm: a "1" may answer an event invitation (报名回1).
      if (!booked) {
        const reply = await replyToEvent(tenantId, patients, 'sign-up', receivedAt, now);
        if (reply) return eventResult(reply, count);
      }
      // Nothing to confirm (or it moved meanwhile): a person reads the "1" and calls back.
      if (!booked || !(await confirmAppointment(tenantId, booked.appointment, at))) return messageTask();
      return { outcome: 'confirmed', patients: count, appointmentId: booked.appointment.appointmentId };
    }
    case 'reschedule': {
      const booked = await soonestBooked(tenantId, patients, at, farFuture);
      const made = await frontDeskTask(tenantId, {
        patient: booked?.patient ?? first, kind: 'reschedule', topic: 'reschedule-request', occasion, at, replyText: text,
        ...(booked ? { appointment: booked.appointment } : {}),
      });
      if (!made) return { outcome: 'duplicate', patients: count };
      return { outcome: 'reschedule-task', patients: count, taskId: occasion, ...(booked ? { appointmentId: booked.appointment.appointmentId } : {}) };
    }
    case 'sign-up':
    case 'cancel-sign-up': {
      const reply = await replyToEvent(tenantId, patients, classifyReply(sms.messageBody) === 'sign-up' ? 'sign-up' : 'cancel', receivedAt, now);
      return reply ? eventResult(reply, count) : messageTask();
    }
    case 'message':
      return messageTask();
  }
};

/** Routes the reply to the chain that owns the number it was sent to; unknown numbers touch nothing. */
export const handleInboundReply = async (sms: InboundSms, receivedAt: string, now = new Date()): Promise<HandledReply> => {
  // A chain named in the message only comes with a provider's reply (the public function forwards it
  // from the chain's own address, destination = the provider); End User Messaging's name a number.
  const fromProvider = sms.tenantId !== undefined && (providerReplyChannels as readonly string[]).includes(sms.destinationNumber);
  const tenantId = fromProvider ? sms.tenantId : await tenantForInboundNumber(normalizeReplyNumber(sms.destinationNumber));
  if (!tenantId) return { outcome: 'unknown-number', patients: 0 };
  return { tenantId, ...(await handleChainReply(tenantId, sms, receivedAt, now)) };
};
