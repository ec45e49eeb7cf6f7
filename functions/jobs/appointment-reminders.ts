/**
 * Appointment reminders through the send pipeline. Reads only booked appointments starting in the
 * next 36 hours (the start-time index); each reminder is one ledger occasion per appointment
 * version, so repeated runs and redelivered events send it once, and a moved or cancelled
 * appointment's old reminder is stale at the moment of sending.
 */
import { localTime, reminderOccasion, remindersDue, reminderTemplates } from '../../shared/domain/messaging/reminders.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { appointmentsStartingBetween } from '../adapters/dynamo/appointment-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { sendMessage } from '../services/send-pipeline.js';
import { createJobHandler } from './lib/job-runner.js';

const horizonMs = 36 * 3600_000;

export const handler = createJobHandler('appointment-reminders', async (tenantId, now) => {
  const clinics = new Map<string, Clinic>((await listClinics(tenantId)).map((c) => [c.clinicId, c]));
  const upcoming = await appointmentsStartingBetween(tenantId, now.toISOString(), new Date(now.getTime() + horizonMs).toISOString());
  const tally: Record<string, number> = { appointments: upcoming.length, sent: 0, skipped: 0, deferred: 0, failed: 0, duplicate: 0 };
  for (const appointment of upcoming) {
    const clinic = clinics.get(appointment.clinicId);
    if (!clinic) continue;
    for (const kind of remindersDue(appointment, now, clinic.timeZone)) {
      const outcome = await sendMessage(
        {
          tenantId,
          patientId: appointment.patientId,
          purpose: 'appointment-reminder',
          occasion: reminderOccasion(appointment, kind),
          template: reminderTemplates[kind],
          values: { time: localTime(appointment.startAt, clinic.timeZone) },
          // Still true only if the appointment is booked, at this version and this time.
          ref: { kind: 'appointment', appointmentId: appointment.appointmentId, version: appointment.version, startAt: appointment.startAt },
        },
        undefined,
        now,
      );
      tally[outcome.status] = (tally[outcome.status] ?? 0) + 1;
    }
  }
  return tally;
});
