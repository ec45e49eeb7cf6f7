/** Booking, moving, cancelling, checking in and no-shows, in the clinic's own time zone. */
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { DomainError, invalid, notFound } from '../../shared/domain/errors.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { Appointment, AppointmentCreate, AppointmentStatus } from '../../shared/schemas/appointment.js';
import type { Clinic } from '../../shared/schemas/org.js';
import {
  AppointmentChanged,
  SlotTaken,
  bookAppointment,
  changeStatus,
  getAppointment,
  listClinicDay,
  moveAppointment,
} from '../adapters/dynamo/appointment-repository.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { nearestFreeStarts } from '../../shared/domain/appointment-slots.js';
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import { isUnknownChair, openMinutesOn } from '../../shared/domain/clinic-hours.js';
import { listProcedures } from '../adapters/dynamo/catalog-repository.js';
import { readPatient, readPatientField } from './patient-service.js';
import { checkDentist } from './staff-lookup.js';
import { appointmentChangedEvent, type AppointmentChangedDetail } from '../../shared/schedules.js';
import { putEvent } from '../adapters/event-bus.js';
import { logger } from '../adapters/logger.js';
import { withFactsRefresh } from './segment-facts-service.js';

/**
 * Asks the reminders job to tell the patient about a move or cancellation now. The change is
 * already recorded, so a bus that refuses must not fail it; the job's schedule still sends a
 * moved appointment's notice instead of its next reminder (a cancellation's notice is then lost).
 */
const requestNotice = async (tenantId: string, appointment: Appointment): Promise<void> => {
  const detail: AppointmentChangedDetail = { tenantId, patientId: appointment.patientId, appointmentId: appointment.appointmentId, version: appointment.version };
  try {
    await putEvent({ source: appointmentChangedEvent.source, detailType: appointmentChangedEvent.detailType, detail });
  } catch (error) {
    logger.warn('appointment notice not requested', { tenantId, errorName: error instanceof Error ? error.name : 'unknown' });
  }
};

const visibleClinic = async (caller: Caller, clinicId: string, field = 'clinicId'): Promise<Clinic> => {
  const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
  if (!clinic) throw invalid(field, 'is not one of your clinics', { code: 'clinic.not_yours' });
  return clinic;
};

/** Once the owner named the clinic's chairs (Clinics page), a booking names one of them. */
const checkChair = (clinic: Clinic, chair: string | undefined): void => {
  if (chair !== undefined && isUnknownChair(clinic.chairs, chair)) {
    throw invalid('chair', `is not one of the clinic’s chairs (${clinic.chairs.join(', ')})`, { code: 'chair.invalid' });
  }
};

/** Free times are offered inside the clinic's opening hours that day (08:00–21:00 when it is closed or unset). */
const clinicDayBounds = (clinic: Clinic, day: string): { dayStart: string; dayEnd: string } => {
  const open = openMinutesOn(clinic.openingHours, day) ?? { from: 8 * 60, to: 21 * 60 };
  const at = (minutes: number) => instantOnLocalDay(day, clinic.timeZone, { hour: Math.floor(minutes / 60), minute: minutes % 60 });
  return { dayStart: at(open.from), dayEnd: at(open.to) };
};

const endOf = (startAt: string, minutes: number) => new Date(Date.parse(startAt) + minutes * 60_000).toISOString();

/**
 * The slot clash, said so a person at the desk knows what to change: the appointment in the way
 * (read from the clinic's day) and the nearest free times for that dentist and chair that day.
 */
const clash = async (tenantId: string, error: SlotTaken, wanted: Appointment, clinic: Clinic, now: Date, ignore?: string): Promise<DomainError> => {
  const field = error.resource === 'dentist' ? 'dentistId' : 'chair';
  const who = error.resource === 'dentist' ? 'the dentist' : 'the chair';
  const day = (await listClinicDay(tenantId, clinic.clinicId, wanted.localDay)).filter((a) => a.appointmentId !== ignore);
  const overlaps = (a: Appointment) => (a.status === 'booked' || a.status === 'checked-in') && a.startAt < wanted.endAt && a.endAt > wanted.startAt;
  const inTheWay = day.find((a) => overlaps(a) && (error.resource === 'dentist' ? a.dentistId === wanted.dentistId : a.chair === wanted.chair));
  const suggestions = nearestFreeStarts({
    booked: day, dentistId: wanted.dentistId, chair: wanted.chair, wanted: wanted.startAt, durationMinutes: (Date.parse(wanted.endAt) - Date.parse(wanted.startAt)) / 60_000,
    ...clinicDayBounds(clinic, wanted.localDay), notBefore: now.toISOString(),
  });
  const blocking = inTheWay ? { appointmentId: inTheWay.appointmentId, startAt: inTheWay.startAt, endAt: inTheWay.endAt, patientName: inTheWay.patientName, dentistName: inTheWay.dentistName, chair: inTheWay.chair } : undefined;
  return new DomainError('conflict', `${field}: ${who} is already booked at ${error.slotStart}`, [
    { path: field, message: `is already booked at ${error.slotStart}`, code: 'slot.taken', params: { at: error.slotStart }, ...(blocking ? { blocking } : {}), suggestions },
    { path: 'startAt', message: 'overlaps another appointment', code: 'slot.overlaps' },
  ]);
};

const changedMeanwhile = () => new DomainError('conflict', 'The appointment was changed meanwhile; reload it and try again');

const bookCommit = async (caller: Caller, input: AppointmentCreate, now = new Date()): Promise<Appointment> => {
  const clinic = await visibleClinic(caller, input.clinicId);
  const patient = await readPatientField(caller, input.patientId);
  checkChair(clinic, input.chair);
  // 15. procedures named at booking must be in the chain's catalog
  if (input.procedureIds.length) {
    const known = new Set((await listProcedures(caller.tenantId)).map((p) => p.procedureId));
    input.procedureIds.forEach((id, i) => {
      if (!known.has(id)) throw invalid(`procedureIds.${i}`, 'is not a procedure in this chain’s catalog', { code: 'procedure.unknown' });
    });
  }
  if (Date.parse(input.startAt) < now.getTime() - 15 * 60_000) throw invalid('startAt', 'is in the past', { code: 'date.past' });
  const dentist = await checkDentist(caller.tenantId, input.dentistId, clinic.clinicId);
  const startAt = new Date(input.startAt).toISOString();
  const appointment: Appointment = {
    appointmentId: ulid(),
    patientId: patient.patientId,
    patientName: patient.name,
    dentistName: dentist.displayName,
    clinicId: clinic.clinicId,
    dentistId: input.dentistId,
    chair: input.chair,
    startAt,
    endAt: endOf(startAt, input.durationMinutes),
    localDay: localDay(new Date(startAt), clinic.timeZone),
    procedureIds: input.procedureIds,
    notes: input.notes,
    status: 'booked',
    version: 1,
    createdBy: caller.userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  try {
    await bookAppointment(caller.tenantId, appointment);
  } catch (error) {
    if (error instanceof SlotTaken) throw await clash(caller.tenantId, error, appointment, clinic, now);
    throw error;
  }
  return appointment;
};

const loadOpen = async (caller: Caller, patientId: string, appointmentId: string): Promise<Appointment> => {
  await readPatient(caller, patientId);
  const appointment = await getAppointment(caller.tenantId, patientId, appointmentId);
  if (!appointment || !canSeeClinic(caller, appointment.clinicId)) throw notFound('appointment');
  return appointment;
};

const requireStatus = (appointment: Appointment, allowed: AppointmentStatus[], action: string): void => {
  if (!allowed.includes(appointment.status)) {
    throw new DomainError('conflict', `Cannot ${action} an appointment that is ${appointment.status}`, [{ path: 'status', message: `is ${appointment.status}`, code: 'appointment.closed', params: { status: appointment.status } }]);
  }
};

const rescheduleCommit = async (
  caller: Caller,
  patientId: string,
  appointmentId: string,
  change: { startAt: string; durationMinutes?: number; dentistId?: string; chair?: string },
  now = new Date(),
): Promise<Appointment> => {
  const before = await loadOpen(caller, patientId, appointmentId);
  requireStatus(before, ['booked'], 'reschedule');
  if (Date.parse(change.startAt) < now.getTime() - 15 * 60_000) throw invalid('startAt', 'is in the past', { code: 'date.past' });
  const clinic = await visibleClinic(caller, before.clinicId);
  checkChair(clinic, change.chair);
  const dentist = change.dentistId ? await checkDentist(caller.tenantId, change.dentistId, clinic.clinicId) : undefined;
  const startAt = new Date(change.startAt).toISOString();
  const minutes = change.durationMinutes ?? (Date.parse(before.endAt) - Date.parse(before.startAt)) / 60_000;
  // A confirmation was of the old time; the new one is unconfirmed until the patient says so.
  const { confirmedAt: _confirmedAt, ...kept } = before;
  const after: Appointment = {
    ...kept,
    startAt,
    endAt: endOf(startAt, minutes),
    localDay: localDay(new Date(startAt), clinic.timeZone),
    ...(dentist ? { dentistId: dentist.userId, dentistName: dentist.displayName } : {}),
    ...(change.chair ? { chair: change.chair } : {}),
    // A new version: reminders queued for the old time know they are stale.
    version: before.version + 1,
    updatedAt: now.toISOString(),
  };
  try {
    await moveAppointment(caller.tenantId, before, after);
  } catch (error) {
    if (error instanceof SlotTaken) throw await clash(caller.tenantId, error, after, clinic, now, before.appointmentId);
    if (error instanceof AppointmentChanged) throw changedMeanwhile();
    throw error;
  }
  await requestNotice(caller.tenantId, after);
  return after;
};

const transitionCommit = async (
  caller: Caller,
  patientId: string,
  appointmentId: string,
  from: AppointmentStatus[],
  to: AppointmentStatus,
  extra: Partial<Appointment> = {},
  now = new Date(),
): Promise<Appointment> => {
  const before = await loadOpen(caller, patientId, appointmentId);
  requireStatus(before, from, to === 'cancelled' ? 'cancel' : to === 'no-show' ? 'mark as no-show' : 'check in');
  if (to === 'no-show' && Date.parse(before.startAt) > now.getTime()) throw invalid('status', 'a patient can be a no-show only after the appointment’s start', { code: 'appointment.no_show_early' });
  const after: Appointment = { ...before, ...extra, status: to, version: before.version + 1, updatedAt: now.toISOString() };
  try {
    await changeStatus(caller.tenantId, before, after, to === 'cancelled');
  } catch (error) {
    if (error instanceof AppointmentChanged) throw changedMeanwhile();
    throw error;
  }
  if (to === 'cancelled') await requestNotice(caller.tenantId, after);
  return after;
};

/** A status change, then the patient's facts (the next appointment may change). */
const transition = /* @__PURE__ */ withFactsRefresh(transitionCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1]] }));
export const checkIn = (caller: Caller, patientId: string, appointmentId: string) => transition(caller, patientId, appointmentId, ['booked'], 'checked-in');
export const markNoShow = (caller: Caller, patientId: string, appointmentId: string) => transition(caller, patientId, appointmentId, ['booked'], 'no-show');
export const cancel = (caller: Caller, patientId: string, appointmentId: string, reason: Appointment['cancelReason'], note: string) =>
  transition(caller, patientId, appointmentId, ['booked', 'checked-in'], 'cancelled', { ...(reason ? { cancelReason: reason } : {}), ...(note ? { cancelNote: note } : {}) });

/** A day or a week of one clinic, in start order. */
export const clinicSchedule = async (caller: Caller, clinicId: string, firstDay: string, days: number): Promise<Appointment[]> => {
  const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
  if (!clinic) throw notFound('clinic');
  const dayList = Array.from({ length: days }, (_, i) => addDays(firstDay, i));
  return (await Promise.all(dayList.map((d) => listClinicDay(caller.tenantId, clinicId, d)))).flat();
};

/** book, then the facts of the patients it changed (segment-facts-service.ts). */
export const book = /* @__PURE__ */ withFactsRefresh(bookCommit, (a, r) => ({ tenantId: a[0].tenantId, patientIds: [r.patientId] }));
/** reschedule, then the facts of the patients it changed (segment-facts-service.ts). */
export const reschedule = /* @__PURE__ */ withFactsRefresh(rescheduleCommit, (a, r) => ({ tenantId: a[0].tenantId, patientIds: [r.patientId] }));
