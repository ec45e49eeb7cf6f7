import * as z from 'zod';
import { changesSomething, isoDateSchema, isoDateTimeSchema, nameSchema, phoneSchema, versionSchema, textSchema } from './common.js';
import { coded } from './error-codes.js';

export const genders = ['female', 'male', 'other', 'unknown'] as const;
export type Gender = (typeof genders)[number];

/** Where the patient came from (seed 000: channels clinics pay for, and referrals). */
export const acquisitionChannels = [
  'walk-in', 'referral', 'partner', 'dianping', 'meituan', 'wechat', 'douyin', 'xiaohongshu',
  'baidu', 'event', 'insurance-exit', 'other',
] as const;
export type AcquisitionChannel = (typeof acquisitionChannels)[number];

/** Consent purposes are separate (PIPL: health data needs its own consent). */
export const consentPurposes = ['care', 'marketing', 'healthData'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export const consentSources = ['paper-form', 'verbal', 'web-form', 'wechat', 'sms-reply', 'import'] as const;

export const consentInputSchema = z.strictObject({
  granted: z.boolean({ error: 'must be true or false' }),
  source: z.enum(consentSources, { error: `must be one of ${consentSources.join(', ')}` }),
  /** when the patient gave or withdrew it; defaults to now; never in the future */
  at: isoDateTimeSchema.refine((at) => Date.parse(at) <= Date.now() + 5 * 60_000, { error: 'must not be in the future', params: { code: 'date.future' } }).optional(),
  /** e.g. the scanned form's reference */
  proof: textSchema().max(200).optional(),
});
export type ConsentInput = z.infer<typeof consentInputSchema>;
export type ConsentRecord = {
  granted: boolean;
  source: (typeof consentSources)[number];
  at: string;
  proof?: string;
  channel: 'sms';
  /** the staff member who recorded it */
  recordedBy?: string;
};

const consentsSchema = z.strictObject({
  care: consentInputSchema.optional(),
  marketing: consentInputSchema.optional(),
  healthData: consentInputSchema.optional(),
});

/** Who sent the patient: another patient, or a partner code (a hotel, gym or school; seed 000 strategy 7). */
export const referrerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('patient'), patientId: z.string().min(1).max(40) }),
  z.strictObject({ kind: z.literal('partner'), code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,32}$/, { error: 'must be 2–32 letters, digits, - or _' }) }),
], { error: 'must be {kind: "patient", patientId} or {kind: "partner", code}' });
export type Referrer = z.infer<typeof referrerSchema>;

const tagSchema = textSchema().min(1, { error: coded('text.empty', 'must not be empty') }).max(20, { error: 'must be at most 20 characters' });

/** "Today" where the calendar is furthest ahead (UTC+14), so a baby born this morning in Shanghai is not "in the future". */
const latestToday = () => new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);

const birthDateSchema = isoDateSchema.refine((d) => d >= '1900-01-01' && d <= latestToday(), {
  error: 'must be between 1900-01-01 and today',
  params: { code: 'date.range' },
});

const patientFields = {
  name: nameSchema,
  gender: z.enum(genders, { error: `must be one of ${genders.join(', ')}` }),
  birthDate: birthDateSchema,
  phone: phoneSchema,
  clinicId: z.string().min(1).max(40),
  channel: z.enum(acquisitionChannels, { error: `must be one of ${acquisitionChannels.join(', ')}` }),
  tags: z.array(tagSchema).max(30, { error: coded('tags.too_many', 'at most 30 tags') }),
  notes: textSchema({ multiline: true }).max(2000, { error: 'must be at most 2000 characters' }),
  consents: consentsSchema,
  referrer: referrerSchema,
};

export const patientCreateSchema = z.strictObject({
  ...patientFields,
  gender: patientFields.gender.default('unknown'),
  birthDate: patientFields.birthDate.optional(),
  channel: patientFields.channel.default('walk-in'),
  tags: patientFields.tags.default([]),
  notes: patientFields.notes.default(''),
  consents: patientFields.consents.default({}),
  referrer: patientFields.referrer.optional(),
  /**
   * false: answer 409 (`phone.exists`, naming the patient) when a patient of the clinic already
   * has this phone, so a person decides; true: create anyway. Left out: no check (older clients).
   */
  confirmDuplicatePhone: z.boolean({ error: 'must be true or false' }).optional(),
});
export type PatientCreate = z.infer<typeof patientCreateSchema>;
export type PatientCreateInput = z.input<typeof patientCreateSchema>;

/** A patient moves between clinics with a separate, audited action (later work); not by PATCH. */
export const patientUpdateSchema = z
  .strictObject({
    name: patientFields.name.optional(),
    gender: patientFields.gender.optional(),
    birthDate: patientFields.birthDate.nullable().optional(),
    phone: patientFields.phone.optional(),
    channel: patientFields.channel.optional(),
    tags: patientFields.tags.optional(),
    notes: patientFields.notes.optional(),
    consents: patientFields.consents.optional(),
    referrer: patientFields.referrer.nullable().optional(),
    /** a deceased patient is never contacted again */
    deceased: z.boolean({ error: 'must be true or false' }).optional(),
    /** the version the patient was read at: a stale one is a 409 (invariant 11) */
    version: versionSchema,
  })
  .refine(changesSomething, { error: 'must change at least one field', params: { code: 'body.no_changes' } });
export type PatientUpdate = z.infer<typeof patientUpdateSchema>;

export const patientListQuerySchema = z.strictObject({
  clinicId: z.string().min(1).max(40).optional(),
  q: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1, { error: 'must be 1–100' }).max(100, { error: 'must be 1–100' }).default(25),
  cursor: z.string().max(2048).optional(),
  /** patients with this tag (read from the segment facts, not a scan of profiles) */
  tag: z.string().trim().min(1).max(40).optional(),
  /** the current members of a saved segment */
  segmentId: z.string().min(1).max(40).optional(),
});

export const lifecycleStages = ['lead', 'consulted', 'in-treatment', 'post-care', 'maintenance', 'loyal', 'dormant'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

/** Reasons never to message a patient, whatever their consents say (invariant 6). */
export type DoNotContact = { deceased: boolean; optedOut: boolean; openComplaint: boolean };

export type Patient = {
  patientId: string;
  clinicId: string;
  name: string;
  gender: Gender;
  birthDate?: string;
  /** E.164, or masked (138****8000) for roles that may not see contact details */
  phone: string;
  channel: AcquisitionChannel;
  tags: string[];
  /** omitted for roles that may not see it */
  notes?: string;
  consents: Partial<Record<ConsentPurpose, ConsentRecord>>;
  referrer?: Referrer;
  familyId?: string;
  familyRelation?: string;
  doNotContact: DoNotContact;
  createdAt: string;
  updatedAt: string;
  /** what a change sends back (invariant 11); 0 for a record stored before versions */
  version?: number;
};

export type PatientPage = { items: Patient[]; cursor?: string };

export const familyRelations = ['self', 'spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'] as const;

/** Join a family (its id), start one ('new'), or leave (null). A shared phone is allowed. */
export const familyChangeSchema = z.strictObject({
  familyId: z.union([z.literal('new'), z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a family id, "new" or null' })]).nullable(),
  relation: z.enum(familyRelations, { error: `must be one of ${familyRelations.join(', ')}` }).default('other'),
});

export const mergeSchema = z.strictObject({
  /** the duplicate record; its history moves to the patient in the path, and it is retired */
  sourcePatientId: z.string().min(1).max(40),
});
