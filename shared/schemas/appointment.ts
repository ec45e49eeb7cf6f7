import * as z from 'zod';
import { isoDateSchema, isoDateTimeSchema, textSchema } from './common.js';
import { coded } from './error-codes.js';

export const appointmentStatuses = ['booked', 'checked-in', 'completed', 'cancelled', 'no-show'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];
export const cancelReasons = ['patient-request', 'clinic-request', 'illness', 'weather', 'other'] as const;

/** Appointments are planned in 15-minute slots (what a dental chair schedule uses). */
export const slotMinutes = 15;

const startSchema = isoDateTimeSchema.refine((at) => new Date(at).getUTCSeconds() === 0 && new Date(at).getUTCMinutes() % slotMinutes === 0, {
  error: `must start on a ${slotMinutes}-minute mark (e.g. 09:00, 09:15)`,
  params: { code: 'slot.mark' },
});
const durationSchema = z
  .number({ error: 'must be a number of minutes' })
  .int()
  .min(slotMinutes, { error: coded('duration.range', `must be at least ${slotMinutes} minutes`) })
  .max(240, { error: coded('duration.range', 'must be at most 4 hours; book longer treatment as two appointments') })
  .refine((m) => m % slotMinutes === 0, { error: `must be a multiple of ${slotMinutes} minutes`, params: { code: 'duration.multiple' } });
const chairSchema = z.string().trim().regex(/^[A-Za-z0-9\u4e00-\u9fff-]{1,20}$/, { error: coded('chair.invalid', 'must be a chair name of 1–20 letters or digits') });

export const appointmentCreateSchema = z.strictObject({
  patientId: z.string().min(1).max(40),
  clinicId: z.string().min(1).max(40),
  dentistId: z.string().min(1).max(64),
  chair: chairSchema,
  startAt: startSchema,
  durationMinutes: durationSchema.default(30),
  procedureIds: z.array(z.string().min(1).max(40)).max(10).default([]),
  notes: textSchema({ multiline: true }).max(500).default(''),
});
export type AppointmentCreate = z.infer<typeof appointmentCreateSchema>;

export const appointmentRescheduleSchema = z.strictObject({
  startAt: startSchema,
  durationMinutes: durationSchema.optional(),
  dentistId: z.string().min(1).max(64).optional(),
  chair: chairSchema.optional(),
});
export const appointmentCancelSchema = z.strictObject({
  reason: z.enum(cancelReasons, { error: `must be one of ${cancelReasons.join(', ')}` }),
  note: textSchema({ multiline: true }).max(500).default(''),
});
export const appointmentListQuerySchema = z.strictObject({
  clinicId: z.string().min(1).max(40),
  /** the clinic's calendar day; with `days` up to 7 for a week view */
  date: isoDateSchema,
  days: z.coerce.number().int().min(1).max(7).default(1),
});

export type Appointment = {
  appointmentId: string;
  patientId: string;
  /** snapshots for the day view, taken at booking */
  patientName: string;
  dentistName: string;
  clinicId: string;
  dentistId: string;
  chair: string;
  startAt: string;
  endAt: string;
  /** the clinic's calendar day of startAt */
  localDay: string;
  procedureIds: string[];
  notes: string;
  status: AppointmentStatus;
  cancelReason?: (typeof cancelReasons)[number];
  cancelNote?: string;
  visitId?: string;
  /** bumped on every reschedule: a reminder queued for an older version is stale (invariant 6) */
  version: number;
  /** the patient confirmed this time (an SMS reply "1"); a move drops it, the new time is unconfirmed */
  confirmedAt?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};
