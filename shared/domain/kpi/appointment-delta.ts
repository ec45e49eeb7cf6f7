/**
 * Appointments count on the clinic day they are scheduled for (`Appointment.localDay`), by their
 * current status: a reschedule moves the appointment to its new day, and a status change moves
 * it between buckets. `booked` is every appointment of the day whatever became of it, so
 * booked = open + kept + noShow + cancelled on every document.
 */
import type { Appointment, AppointmentStatus } from '../../schemas/appointment.js';
import { counterNames as n, type Counters } from './counters.js';
import { diffDayCounters, type DayCounters } from './day-counters.js';

export type KpiAppointment = Pick<Appointment, 'appointmentId' | 'clinicId' | 'localDay' | 'status'>;

const bucket: Record<AppointmentStatus, string> = {
  booked: n.appointments.open,
  'checked-in': n.appointments.open,
  completed: n.appointments.kept,
  'no-show': n.appointments.noShow,
  cancelled: n.appointments.cancelled,
};

export const appointmentCounters = (appointment: KpiAppointment): Counters => ({ [n.appointments.booked]: 1, [bucket[appointment.status]]: 1 });

export const appointmentContribution = (appointment: KpiAppointment): DayCounters => ({
  clinicId: appointment.clinicId,
  day: appointment.localDay,
  counters: appointmentCounters(appointment),
});

/** before undefined: just booked; after undefined: deleted (e.g. a merged duplicate). */
export const deltaForAppointmentChange = (before: KpiAppointment | undefined, after: KpiAppointment | undefined): DayCounters[] =>
  diffDayCounters(before ? [appointmentContribution(before)] : [], after ? [appointmentContribution(after)] : []);
