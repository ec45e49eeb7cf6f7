import * as z from 'zod';
import { normalizePhone } from '../domain/phone.js';
import { isValidTimeZone } from '../domain/time.js';
import { coded, type ApiErrorCode, type FieldErrorCode, type FieldErrorParams } from './error-codes.js';

/** ULID: 26 Crockford base-32 characters. IDs are random, never sequential (invariant 2). */
export const idSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: coded('id.invalid', 'must be an id issued by Smileloop') });

/**
 * Control and format characters (Unicode Cc and Cf: NUL, bidirectional overrides, zero-width
 * joiners, the BOM), lone surrogates and line separators: they hide what a name really says,
 * reorder an SMS on the phone's screen and break exports. Multi-line text keeps its newlines.
 */
const unsafeSingleLine = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const unsafeMultiLine = /(?![\n])[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

export type TextOptions = { multiline?: boolean };

/**
 * Every free-text field that reaches an SMS or a screen: NFC-normalised, trimmed, and refused
 * with `text.control_chars` when it holds a character a person cannot see. Chain the length
 * checks after it (`textSchema().min(1, …).max(64, …)`).
 */
export const textSchema = ({ multiline = false }: TextOptions = {}) =>
  z
    .string({ error: coded('type.invalid', 'must be text') })
    .overwrite((v) => (multiline ? v.replace(/\r\n?/g, '\n') : v))
    .normalize('NFC')
    .trim()
    .refine((v) => !(multiline ? unsafeMultiLine : unsafeSingleLine).test(v), {
      error: multiline
        ? 'must not contain control, invisible or text-direction characters'
        : 'must not contain line breaks, control, invisible or text-direction characters',
      params: { code: 'text.control_chars' },
    });

export const nameSchema = textSchema()
  .min(1, { error: 'is required' })
  .max(64, { error: 'must be at most 64 characters' });

/** Input in common local forms, stored E.164 (invariant 5). */
export const phoneSchema = z
  .string()
  .max(32, { error: 'must be at most 32 characters' })
  .transform((value, ctx) => {
    const result = normalizePhone(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.reason, params: { code: result.code } });
      return z.NEVER;
    }
    return result.e164;
  });

export const timeZoneSchema = z.string().max(64).refine(isValidTimeZone, { error: 'must be an IANA time zone such as Asia/Shanghai', params: { code: 'format.invalid' } });

export const isoDateSchema = z.iso.date({ error: 'must be a date written YYYY-MM-DD' });
export const isoDateTimeSchema = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' });

/** Path values (ids, codes, link tokens) as functions/http/lib/request.ts accepts them. */
export const pathValuePattern = /^[A-Za-z0-9._~-]{1,200}$/;

export const paginationQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

/** A list the API answers in one piece. */
export type Items<T> = { items: T[] };
/** A page of a longer list: send `cursor` back for the next page; the last page has none. */
export type Page<T> = { items: T[]; cursor?: string };

/**
 * The version a record was read at (invariant 11): every change of a mutable record sends it back
 * and holds only if nobody changed the record since; a record stored before versions reads as 0.
 */
export const versionSchema = z
  .number({ error: 'must be the version you read (a whole number)' })
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be at least 0' });

/** A PATCH must change something besides the version it was read at. */
export const changesSomething = (v: Record<string, unknown>): boolean => Object.keys(v).some((k) => k !== 'version');

/** One field a request got wrong: `code` is stable (see error-codes.ts), `message` is for people. */
export type ApiFieldError = {
  path: string;
  message: string;
  code: FieldErrorCode;
  params?: FieldErrorParams;
  /** a conflict's record (`phone.exists`: the patient who has the phone), when the caller may see it */
  existing?: { id: string; name?: string };
  /** a booking clash: the appointment in the way, and the nearest free starts (ISO) that day */
  blocking?: { appointmentId: string; startAt: string; endAt: string; patientName: string; dentistName: string; chair: string };
  suggestions?: string[];
};
/** The body of every 4xx and 5xx, from a handler or from the gateway itself. */
export type ApiErrorBody = { error: { code: ApiErrorCode; message: string; fields?: ApiFieldError[] } };

export const apiErrorBody = (code: ApiErrorCode, message: string, fields: readonly ApiFieldError[] = []): ApiErrorBody => ({
  error: { code, message, ...(fields.length ? { fields: [...fields] } : {}) },
});
