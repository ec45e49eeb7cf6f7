/**
 * The clinic fields the Clinics screen edits beyond name and address: opening hours per weekday,
 * the chairs appointments are booked on, and a reply number of the clinic's own.
 */
import * as z from 'zod';
import { clockTimePattern, spanProblem, weekdays, type OpeningHours } from '../domain/clinic-hours.js';
import { coded } from './error-codes.js';
import { replyNumberSchema } from './sms-reply.js';

const clockTimeSchema = z
  .string({ error: coded('format.invalid', 'must be a time written HH:MM') })
  .regex(clockTimePattern, { error: coded('format.invalid', 'must be a time written HH:MM, from 00:00 to 24:00') });

/** One day's span; a day that closes at or before it opens is named at the field that is wrong. */
export const openingSpanSchema = z
  .strictObject({ opens: clockTimeSchema, closes: clockTimeSchema })
  .superRefine((span, ctx) => {
    const problem = spanProblem(span);
    if (!problem) return;
    const message = problem === 'opens' ? 'must be before 24:00' : 'must be later than the opening time';
    ctx.addIssue({ code: 'custom', path: [problem], message, params: { code: 'opening_hours.order' } });
  });

/** All seven days, each a span or null (closed): a partial week would leave a day undefined. */
export const openingHoursSchema = z.strictObject(
  Object.fromEntries(weekdays.map((day) => [day, openingSpanSchema.nullable()])) as Record<(typeof weekdays)[number], z.ZodNullable<typeof openingSpanSchema>>,
) satisfies z.ZodType<OpeningHours>;

/** The same names an appointment's chair takes (shared/schemas/appointment.ts). */
export const chairNameSchema = z
  .string({ error: coded('chair.invalid', 'must be a chair name') })
  .trim()
  .regex(/^[A-Za-z0-9\u4e00-\u9fff-]{1,20}$/, { error: coded('chair.invalid', 'must be a chair name of 1–20 letters or digits') });

export const chairsSchema = z
  .array(chairNameSchema)
  .max(30, { error: 'must be at most 30 chairs' })
  .refine((chairs) => new Set(chairs).size === chairs.length, { error: 'must not name a chair twice', params: { code: 'list.repeat' } });

/** A clinic's own reply number: digits as replyNumberSchema takes them; null removes it. */
export const clinicReplyNumberSchema = replyNumberSchema;
