/**
 * Appointment reminders through the send pipeline. Reads only booked appointments starting in the
 * next 36 hours (the start-time index); each reminder is one ledger occasion per appointment
 * version, so repeated runs and redelivered events send it once, and a moved or cancelled
 * appointment's old reminder is stale at the moment of sending. Timing is the chain's setting.
 */
import { localTime, reminderOccasion, remindersDue, reminderTemplates } from '../../shared/domain/messaging/reminders.js';
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import { localDay } from '../../shared/domain/time.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { appointmentsStartingBetween } from '../adapters/dynamo/appointment-repository.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { sendMessage, type Publisher, type SendRequest } from '../services/send-pipeline.js';
import { sendStream } from '../services/send-stream.js';
import { mapLimit } from '../lib/concurrency.js';
import { createJobHandler, type JobEvent } from './lib/job-runner.js';
import { appointmentChangedEvent, type AppointmentChangedDetail } from '../../shared/schedules.js';
import { changeNoticeRequest, remindedOfEarlierVersion, runAppointmentNotice } from './appointment-notices.js';

const horizonMs = 36 * 3600_000;

export type ReminderRunOptions = {
  /** reminders in flight at once */
  concurrency?: number;
  /** the channel; the SNS adapter unless a bench or test hands in another */
  publish?: Publisher;
};

export const runAppointmentReminders = async (tenantId: string, now: Date, { concurrency = 8, publish }: ReminderRunOptions = {}): Promise<Record<string, number>> => {
  const { settings } = await getAutomationSettings(tenantId);
  if (!settings.appointmentReminders.enabled) return { disabled: 1 };
  const clinics = new Map<string, Clinic>((await listClinics(tenantId)).map((c) => [c.clinicId, c]));
  const upcoming = await appointmentsStartingBetween(tenantId, now.toISOString(), new Date(now.getTime() + horizonMs).toISOString());
  const tally: Record<string, number> = { appointments: upcoming.length, sent: 0, skipped: 0, deferred: 0, failed: 0, duplicate: 0 };
  const due = upcoming.flatMap((appointment) => {
    const clinic = clinics.get(appointment.clinicId);
    return clinic ? remindersDue(appointment, now, clinic.timeZone, settings.appointmentReminders).map((kind) => ({ appointment, clinic, kind })) : [];
  });
  // A moved appointment whose old time the patient was reminded of gets the change notice instead
  // of its evening-before reminder: the same occasion the move's event used, so it is sent once,
  // and sent here if that event was lost. Moved appointments are few: one ledger read each.
  const movedAndReminded = new Set(
    (
      await mapLimit(due.filter((d) => d.kind === 'day-before' && d.appointment.version > 1), { limit: concurrency }, async ({ appointment }) =>
        (await remindedOfEarlierVersion(tenantId, appointment)) ? appointment.appointmentId : undefined,
      )
    ).filter((id): id is string => id !== undefined),
  );
  const requests = due.map(({ appointment, clinic, kind }): SendRequest => kind === 'day-before' && movedAndReminded.has(appointment.appointmentId) ? { ...changeNoticeRequest(appointment, { tenantId, clinic, settings }), clinics } : ({
    tenantId,
    patientId: appointment.patientId,
    purpose: 'appointment-reminder',
    occasion: reminderOccasion(appointment, kind),
    template: reminderTemplates[kind],
    values: { time: localTime(appointment.startAt, clinic.timeZone) },
    // Still true only if the appointment is booked, at this version and this time.
    // A "tomorrow" reminder must not arrive on the day itself; none arrives after the start.
    ref: {
      kind: 'appointment',
      appointmentId: appointment.appointmentId,
      version: appointment.version,
      startAt: appointment.startAt,
      ...(kind === 'day-before' ? { notAfter: instantOnLocalDay(localDay(new Date(appointment.startAt), clinic.timeZone), clinic.timeZone) } : {}),
    },
    settings,
    clinics,
  }));
  // The facts of each 100 are read together, the next 100's while these send (send-stream.ts).
  await sendStream({ tenantId, requests, concurrency }, async (request, facts) => {
    const outcome = await sendMessage(request, { now, ...(facts ? { facts } : {}), ...(publish ? { publish } : {}) });
    tally[outcome.status] = (tally[outcome.status] ?? 0) + 1;
  });
  return tally;
};

const changedAppointment = (event: JobEvent | undefined): AppointmentChangedDetail | undefined =>
  event?.source === appointmentChangedEvent.source && event['detail-type'] === appointmentChangedEvent.detailType ? (event.detail as unknown as AppointmentChangedDetail) : undefined;

/** The schedule runs the reminders; a move's or cancellation's event sends that one notice. */
export const handler = createJobHandler('appointment-reminders', (tenantId, now, event) => {
  const changed = changedAppointment(event);
  return changed ? runAppointmentNotice(tenantId, changed, now) : runAppointmentReminders(tenantId, now);
});
