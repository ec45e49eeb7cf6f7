import * as z from 'zod';
import { normalizePhone } from '../domain/phone.js';
import { isValidTimeZone } from '../domain/time.js';

/** ULID: 26 Crockford base-32 characters. IDs are random, never sequential (invariant 2). */
export const idSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an id issued by Smileloop' });

/** Control and text-direction characters hide what a name really says (and break exports). */
const invisibleCharacters = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

export const nameSchema = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'is required' })
  .max(64, { error: 'must be at most 64 characters' })
  .refine((v) => !invisibleCharacters.test(v), { error: 'must not contain control or text-direction characters' });

/** Input in common local forms, stored E.164 (invariant 5). */
export const phoneSchema = z
  .string()
  .max(32, { error: 'must be at most 32 characters' })
  .transform((value, ctx) => {
    const result = normalizePhone(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: `${result.reason}` });
      return z.NEVER;
    }
    return result.e164;
  });

export const timeZoneSchema = z.string().max(64).refine(isValidTimeZone, { error: 'must be an IANA time zone such as Asia/Shanghai' });

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

export type ApiFieldError = { path: string; message: string };
export type ApiErrorBody = { error: { code: string; message: string; fields?: ApiFieldError[] } };
