/**
 * Member events (会员活动, issue 12 item 2): what staff write and what the API answers. Shared by
 * the API and the dashboard. The date and time are the clinic's wall clock; the API turns them
 * into UTC instants with the clinic's zone (invariant 4).
 */
import * as z from 'zod';
import { coded } from './error-codes.js';
import { idSchema, isoDateSchema, textSchema, versionSchema } from './common.js';
import type { AttendeeStatus } from '../domain/events/roster.js';
import type { EventPhase } from '../domain/events/schedule.js';
import { medicalWordsIn } from '../domain/campaigns/sms-text.js';

const int = (min: number, max: number) =>
  z.number({ error: coded('type.invalid', 'must be a number') }).int({ error: coded('number.not_integer', 'must be a whole number') })
    .min(min, { error: coded('number.too_small', `must be at least ${min}`) }).max(max, { error: coded('number.too_big', `must be at most ${max}`) });

/**
 * Title and place reach an SMS: no braces (they would read as template variables), and, like a
 * campaign's text, no treatment or medical words (the invitation is marketing).
 */
const smsText = (max: number) =>
  textSchema().min(1, { error: coded('required', 'is required') }).max(max, { error: coded('too_long', `must be at most ${max} characters`) })
    .refine((v) => !/[{}【】]/.test(v), { error: 'must not contain { } 【 】', params: { code: 'format.invalid' } })
    .superRefine((v, ctx) => {
      const words = medicalWordsIn(v);
      if (words.length) ctx.addIssue({ code: 'custom', message: `names treatment or medical words (${words.join(', ')}); invitations are marketing texts`, params: { code: 'campaign.medical_words', words: words.join(', ') } });
    });

export const eventStatuses = ['scheduled', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

const eventFields = {
  title: smsText(40),
  clinicId: idSchema,
  /** the clinic's calendar day and wall-clock start */
  date: isoDateSchema,
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: coded('format.invalid', 'must be a time written HH:MM') }),
  durationMinutes: int(15, 720),
  place: smsText(60),
  capacity: int(1, 2000),
  /** a saved segment; absent: every patient of the clinic */
  segmentId: z.string().min(1).max(40).optional(),
  /** only patients with an active membership are invited */
  membersOnly: z.boolean(),
};

export const eventInputSchema = z.strictObject({ ...eventFields, durationMinutes: eventFields.durationMinutes.default(120), membersOnly: eventFields.membersOnly.default(false) });
export type EventInput = z.infer<typeof eventInputSchema>;

export const eventUpdateSchema = z.strictObject({
  ...Object.fromEntries(Object.entries(eventFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof eventFields]: z.ZodOptional<(typeof eventFields)[K]> },
  /** null: no segment (every patient of the clinic) */
  segmentId: eventFields.segmentId.unwrap().nullable().optional(),
  status: z.enum(eventStatuses, { error: coded('enum.invalid', 'must be scheduled or cancelled') }).optional(),
  version: versionSchema,
});
export type EventUpdate = z.infer<typeof eventUpdateSchema>;

/** The front desk ticks who came (or takes a tick back). */
export const attendanceSchema = z.strictObject({
  patientIds: z.array(idSchema).min(1, { error: coded('too_few', 'must name at least one patient') }).max(200, { error: coded('too_many', 'must name at most 200 patients') }),
  attended: z.boolean().default(true),
});
export type AttendanceInput = z.infer<typeof attendanceSchema>;

export type MemberEvent = {
  eventId: string;
  title: string;
  clinicId: string;
  date: string;
  time: string;
  durationMinutes: number;
  startAt: string;
  endAt: string;
  place: string;
  capacity: number;
  segmentId?: string;
  membersOnly: boolean;
  status: EventStatus;
  /** counters kept by the same transactions that change the attendees */
  signedUp: number;
  waiting: number;
  attended: number;
  invited: number;
  /** when the invitation run went through the whole audience */
  invitationsDoneAt?: string;
  /** set when its invitations went to a segment that selects by treatment: who answered is then told only to roles that may learn treatments */
  aimedByTreatment?: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export type EventSummary = MemberEvent & { phase: EventPhase };

export type EventAttendeeView = {
  patientId: string;
  clinicId: string;
  name: string;
  /** masked for marketing */
  phone: string;
  status: AttendeeStatus;
  invitedAt?: string;
  respondedAt?: string;
  attendedAt?: string;
};

/** `attendeesWithheld`: the event invited people by treatment, and the caller may not learn who (treatment-aim.ts); the counts stay. */
export type EventDetail = EventSummary & { attendees: EventAttendeeView[]; attendeesWithheld?: 'clinical' };
