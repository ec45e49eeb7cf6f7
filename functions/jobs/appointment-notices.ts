/**
 * Change and cancellation notices for appointments staff moved or cancelled, through the same send
 * pipeline as the reminders (consent, quiet hours, ledger, occasion still true at the moment of
 * sending). Rules:
 * - a move is told only when the patient was already sent a reminder of an earlier version (the
 *   old time); otherwise the normal reminder simply carries the new time. One notice per change:
 *   its occasion names the version and the new start, and it goes stale if the appointment moves
 *   again or is cancelled;
 * - a cancellation is told when a reminder had been sent, or when the appointment was within
 *   `cancelNoticeWithinDays`; never after its start, and stale if the appointment changes again.
 */
import {
  appointmentNoticeTemplates,
  cancelNoticeOccasion,
  cancelNoticeWithinDays,
  changeNoticeOccasion,
  localDateTime,
  occasionVersion,
} from '../../shared/domain/messaging/reminders.js';
import type { AppointmentChangedDetail } from '../../shared/schedules.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { AutomationSettings } from '../../shared/schemas/automations.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { getAppointment } from '../adapters/dynamo/appointment-repository.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { listPatientLedger } from '../adapters/dynamo/send-ledger-repository.js';
import { sendMessage, type SendRequest } from '../services/send-pipeline.js';

/** Whether any message about this appointment was sent for a version before the current one. */
export const remindedOfEarlierVersion = async (tenantId: string, appointment: Pick<Appointment, 'patientId' | 'appointmentId' | 'version'>): Promise<boolean> =>
  (await listPatientLedger(tenantId, appointment.patientId, 'appointment-reminder')).some(
    (entry) => entry.status === 'sent' && (occasionVersion(entry.occasion, appointment.appointmentId) ?? appointment.version) < appointment.version,
  );

type NoticeContext = { tenantId: string; clinic: Clinic; settings: AutomationSettings };

/** The change notice of a booked, moved appointment (the caller decided one is due). */
export const changeNoticeRequest = (appointment: Appointment, { tenantId, clinic, settings }: NoticeContext): SendRequest => ({
  tenantId,
  patientId: appointment.patientId,
  purpose: 'appointment-reminder',
  occasion: changeNoticeOccasion(appointment),
  template: appointmentNoticeTemplates.moved,
  values: { time: localDateTime(appointment.startAt, clinic.timeZone) },
  ref: { kind: 'appointment', appointmentId: appointment.appointmentId, version: appointment.version, startAt: appointment.startAt },
  settings,
  clinics: new Map([[clinic.clinicId, clinic]]),
});

const cancelNoticeRequest = (appointment: Appointment, { tenantId, clinic, settings }: NoticeContext): SendRequest => ({
  tenantId,
  patientId: appointment.patientId,
  purpose: 'appointment-reminder',
  occasion: cancelNoticeOccasion(appointment),
  template: appointmentNoticeTemplates.cancelled,
  values: { time: localDateTime(appointment.startAt, clinic.timeZone) },
  ref: { kind: 'appointment-cancelled', appointmentId: appointment.appointmentId, version: appointment.version, notAfter: appointment.startAt },
  settings,
  clinics: new Map([[clinic.clinicId, clinic]]),
});

/** The notice one move or cancellation calls for, sent now; an event for a version since changed again is stale. */
export const runAppointmentNotice = async (tenantId: string, detail: AppointmentChangedDetail, now: Date): Promise<Record<string, number>> => {
  const { settings } = await getAutomationSettings(tenantId);
  if (!settings.appointmentReminders.enabled) return { disabled: 1 };
  const appointment = await getAppointment(tenantId, detail.patientId, detail.appointmentId);
  if (!appointment || appointment.version !== detail.version || Date.parse(appointment.startAt) <= now.getTime()) return { stale: 1 };
  const clinic = await getClinic(tenantId, appointment.clinicId);
  if (!clinic) return { stale: 1 };
  const reminded = await remindedOfEarlierVersion(tenantId, appointment);
  const context = { tenantId, clinic, settings };
  let request: SendRequest;
  if (appointment.status === 'booked' && reminded) request = changeNoticeRequest(appointment, context);
  else if (appointment.status === 'cancelled' && (reminded || Date.parse(appointment.startAt) - now.getTime() <= cancelNoticeWithinDays * 86_400_000)) request = cancelNoticeRequest(appointment, context);
  else return { 'no-notice': 1 };
  const outcome = await sendMessage(request, { now });
  return { [outcome.status]: 1 };
};
