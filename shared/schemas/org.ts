import * as z from 'zod';
import { roles } from '../domain/access.js';
import { defaultTimeZone } from '../domain/time.js';
import { changesSomething, nameSchema, phoneSchema, timeZoneSchema, versionSchema, textSchema } from './common.js';
import { coded } from './error-codes.js';
import { replyNumberSchema } from './sms-reply.js';
import { chairsSchema, clinicReplyNumberSchema, openingHoursSchema } from './clinic-settings.js';
import type { OpeningHours } from '../domain/clinic-hours.js';

/** 【品牌】: the signature every China SMS must carry; stored without the brackets. */
export const smsSignatureSchema = textSchema().regex(/^[^【】\[\]]{2,12}$/, { error: coded('format.invalid', 'must be 2–12 characters, without brackets') });

export const chainUpdateSchema = z
  .strictObject({
    name: nameSchema.optional(),
    brand: smsSignatureSchema.optional(),
    /** where patients' SMS replies arrive (1 确认, 2 改约, T 退订); one chain per number */
    replyNumber: replyNumberSchema.optional(),
    /** whether dentists see prices and amounts (issue 13); off unless the owner turns it on */
    dentistsSeePrices: z.boolean().optional(),
    /** the version the chain was read at: a stale one is a 409 (invariant 11) */
    version: versionSchema,
  })
  .refine(changesSomething, { error: 'must change at least one field (name, brand, replyNumber, dentistsSeePrices)', params: { code: 'body.no_changes' } });
export type ChainUpdate = z.infer<typeof chainUpdateSchema>;

export const clinicCreateSchema = z.strictObject({
  name: nameSchema,
  address: textSchema().max(200, { error: 'must be at most 200 characters' }).default(''),
  phone: phoneSchema.optional(),
  timeZone: timeZoneSchema.default(defaultTimeZone),
  smsSignature: smsSignatureSchema,
  /** omitted: every day 09:00–18:00 (shared/domain/clinic-hours.ts) */
  openingHours: openingHoursSchema.optional(),
  chairs: chairsSchema.default([]),
  replyNumber: clinicReplyNumberSchema.optional(),
});
export type ClinicCreate = z.infer<typeof clinicCreateSchema>;

export const clinicUpdateSchema = z.strictObject({
  name: nameSchema.optional(),
  address: textSchema().max(200, { error: 'must be at most 200 characters' }).optional(),
  phone: phoneSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  smsSignature: smsSignatureSchema.optional(),
  openingHours: openingHoursSchema.optional(),
  chairs: chairsSchema.optional(),
  /** null removes the clinic's own number (replies then reach the chain's number only) */
  replyNumber: clinicReplyNumberSchema.nullable().optional(),
  /** the version the clinic was read at: a stale one is a 409 (invariant 11) */
  version: versionSchema,
}).refine(changesSomething, { error: 'must change at least one field', params: { code: 'body.no_changes' } });
export type ClinicUpdate = z.infer<typeof clinicUpdateSchema>;

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email({ error: 'must be an email address' }));

export const staffInviteSchema = z.strictObject({
  email: emailSchema,
  displayName: nameSchema,
  role: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }),
  /** owners work across the chain; everyone else names their clinics */
  clinicIds: z.array(z.string().max(40)).max(50).default([]),
});
export type StaffInvite = z.infer<typeof staffInviteSchema>;

/** PATCH /staff/{userId}: a new role, clinics or name, at the version read (invariant 11). */
export const staffUpdateSchema = z
  .strictObject({
    displayName: nameSchema.optional(),
    role: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }).optional(),
    clinicIds: z.array(z.string().max(40)).max(50).optional(),
    version: versionSchema,
  })
  .refine(changesSomething, { error: 'must change at least one field (displayName, role, clinicIds)', params: { code: 'body.no_changes' } });
export type StaffUpdate = z.infer<typeof staffUpdateSchema>;

/** POST /staff/{userId}/disable, /enable and /invitation: the version read. */
export const staffActionSchema = z.strictObject({ version: versionSchema });

export const loginSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, { error: 'is required' }).max(200),
});

/** `version`: what a change sends back (invariant 11); 0 for a record stored before versions. */
export type Chain = { tenantId: string; name: string; brand: string; replyNumber?: string; dentistsSeePrices?: boolean; createdAt: string; version?: number };
export type Clinic = {
  clinicId: string;
  name: string;
  address: string;
  phone?: string;
  timeZone: string;
  smsSignature: string;
  /** local wall-clock hours per weekday; null = closed that day */
  openingHours: OpeningHours;
  /** the chairs appointments are booked on (names as the desk says them: 1号椅, A) */
  chairs: string[];
  /** the clinic's own SMS reply number, routed to the chain like the chain's number */
  replyNumber?: string;
  createdAt: string;
  updatedAt: string;
  version?: number;
};
export type StaffMember = {
  userId: string;
  email: string;
  displayName: string;
  role: (typeof roles)[number];
  clinicIds: string[];
  status: 'invited' | 'active' | 'disabled';
  createdAt: string;
  /** the first sign-in (status invited → active), and the last time the row changed */
  activatedAt?: string;
  updatedAt?: string;
  /** 0 for a row stored before versions */
  version?: number;
};

/** GET /clinics/{clinicId}/dentists: who may be booked at a clinic (readable by all who book). */
export type BookableStaff = Pick<StaffMember, 'userId' | 'displayName' | 'role'>;

/** GET /me: who signed in, with the chain and the clinics they may see. */
export type Me = {
  userId: string;
  email: string;
  displayName: string;
  role: (typeof roles)[number];
  tenantId: string;
  /** 'all' for owners; otherwise the clinics the staff member works in */
  clinicScope: 'all' | readonly string[];
  chain: Pick<Chain, 'name' | 'brand'>;
  clinics: Clinic[];
};

/** The twin's TOTP steps (local-only routes): what Cognito's challenge and software-token calls take. */
const totpCodeSchema = z.string().regex(/^\d{6}$/, { error: coded('format.invalid', 'must be the 6 digits the authenticator app shows') });
const accessTokenSchema = z.string().min(1, { error: 'is required' }).max(4000);
export const totpChallengeSchema = z.strictObject({ session: z.string().min(1, { error: 'is required' }).max(200), code: totpCodeSchema });
export const totpAssociateSchema = z.strictObject({ accessToken: accessTokenSchema });
export const totpVerifySchema = z.strictObject({ accessToken: accessTokenSchema, code: totpCodeSchema });
