/** Appointments: the clinic day, booking with no double booking, and the moves of the day. */
import { appointmentCancelSchema, appointmentCreateSchema, appointmentListQuerySchema, appointmentRescheduleSchema } from '../../../shared/schemas/appointment.js';
import { listPatientAppointments } from '../../adapters/dynamo/appointment-repository.js';
import { book, cancel, checkIn, clinicSchedule, markNoShow, reschedule } from '../../services/appointment-service.js';
import { readPatient } from '../../services/patient-service.js';
import { jsonBody, pathParam, queryParams, rejectBody } from '../lib/request.js';
import { createAreaHandler, created, ok, type HttpEvent } from '../lib/router.js';

const ids = (event: HttpEvent) => [pathParam(event, 'patientId'), pathParam(event, 'appointmentId')] as const;

export const handler = createAreaHandler('appointments', {
  'GET /appointments': async (event, caller) => {
    const { clinicId, date, days } = queryParams(event, appointmentListQuerySchema);
    return ok({ items: await clinicSchedule(caller, clinicId, date, days) });
  },

  'POST /appointments': async (event, caller) => created(await book(caller, jsonBody(event, appointmentCreateSchema))),

  'GET /patients/{patientId}/appointments': async (event, caller) => {
    const patient = await readPatient(caller, pathParam(event, 'patientId'));
    return ok({ items: await listPatientAppointments(caller.tenantId, patient.patientId) });
  },

  'POST /patients/{patientId}/appointments/{appointmentId}/reschedule': async (event, caller) => {
    const change = jsonBody(event, appointmentRescheduleSchema);
    return ok(await reschedule(caller, ...ids(event), change));
  },

  'POST /patients/{patientId}/appointments/{appointmentId}/cancel': async (event, caller) => {
    const { reason, note } = jsonBody(event, appointmentCancelSchema);
    return ok(await cancel(caller, ...ids(event), reason, note));
  },

  'POST /patients/{patientId}/appointments/{appointmentId}/check-in': async (event, caller) => {
    rejectBody(event);
    return ok(await checkIn(caller, ...ids(event)));
  },

  'POST /patients/{patientId}/appointments/{appointmentId}/no-show': async (event, caller) => {
    rejectBody(event);
    return ok(await markNoShow(caller, ...ids(event)));
  },
});
