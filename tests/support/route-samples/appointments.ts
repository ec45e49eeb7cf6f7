import type { Appointment } from '../../../shared/schemas/appointment.js';
import type { RouteSamples, SampleContext } from './types.js';

let n = 0;
const slot = 15 * 60_000;
/** Each sample books its own future slot on its own chair, so samples never clash. */
const nextStart = () => new Date(Math.ceil(Date.now() / slot) * slot + (96 + n++) * slot).toISOString();

export const bookSample = async (ctx: SampleContext): Promise<Appointment> => {
  const res = await ctx.twin.api<Appointment>('POST', '/appointments', {
    token: ctx.ownerToken,
    body: { patientId: ctx.demoPatient.patientId, clinicId: ctx.twin.demo.jinganId, dentistId: ctx.twin.demo.dentistId, chair: `S${n}`, startAt: nextStart(), durationMinutes: 15 },
  });
  if (res.status !== 201) throw new Error(`sample booking failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** A booked appointment that started an hour ago (written directly: the API refuses to book the past). */
const pastSample = async (ctx: SampleContext): Promise<Appointment> => {
  const { bookAppointment } = await import('../../../functions/adapters/dynamo/appointment-repository.js');
  const { ulid } = await import('ulid');
  const startAt = new Date(Math.floor(Date.now() / slot) * slot - 4 * slot).toISOString();
  const appointment: Appointment = {
    appointmentId: ulid(), patientId: ctx.demoPatient.patientId, patientName: ctx.demoPatient.name, dentistName: '样例', clinicId: ctx.twin.demo.jinganId,
    dentistId: `sample-dentist-${n}`, chair: `PAST${n++}`, startAt, endAt: new Date(Date.parse(startAt) + slot).toISOString(), localDay: startAt.slice(0, 10),
    procedureIds: [], notes: '', status: 'booked', version: 1, createdBy: 'sample', createdAt: startAt, updatedAt: startAt,
  };
  await bookAppointment(ctx.twin.demo.tenantId, appointment);
  return appointment;
};

const action = (name: string) => async (ctx: SampleContext) => {
  const a = await bookSample(ctx);
  return { path: `/patients/${a.patientId}/appointments/${a.appointmentId}/${name}` };
};

export const appointmentSamples: RouteSamples = {
  'GET /appointments': (ctx) => ({ path: `/appointments?clinicId=${ctx.twin.demo.jinganId}&date=${new Date().toISOString().slice(0, 10)}&days=7` }),
  'POST /appointments': (ctx) => ({
    path: '/appointments',
    body: { patientId: ctx.demoPatient.patientId, clinicId: ctx.twin.demo.jinganId, dentistId: ctx.twin.demo.dentistId, chair: `N${n}`, startAt: nextStart(), durationMinutes: 15 },
  }),
  'GET /patients/{patientId}/appointments': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/appointments` }),
  'POST /patients/{patientId}/appointments/{appointmentId}/reschedule': async (ctx) => {
    const a = await bookSample(ctx);
    return { path: `/patients/${a.patientId}/appointments/${a.appointmentId}/reschedule`, body: { startAt: nextStart() } };
  },
  'POST /patients/{patientId}/appointments/{appointmentId}/cancel': async (ctx) => {
    const a = await bookSample(ctx);
    return { path: `/patients/${a.patientId}/appointments/${a.appointmentId}/cancel`, body: { reason: 'patient-request' } };
  },
  'POST /patients/{patientId}/appointments/{appointmentId}/check-in': action('check-in'),
  'POST /patients/{patientId}/appointments/{appointmentId}/no-show': async (ctx) => {
    const a = await pastSample(ctx);
    return { path: `/patients/${a.patientId}/appointments/${a.appointmentId}/no-show` };
  },
};
