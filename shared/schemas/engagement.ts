/**
 * Engagement: complaints, satisfaction surveys, intake questionnaires and leads. The public
 * forms' schemas are strict (unknown fields are refused) and capped, because anyone may post them.
 */
import * as z from 'zod';
import { complaintStatuses, complaintStatusFilters, type ComplaintStatus } from '../domain/complaint.js';
import { acquisitionChannels, type AcquisitionChannel } from './patient.js';
import { idSchema, isoDateSchema, nameSchema, phoneSchema, textSchema, versionSchema, type ApiErrorBody } from './common.js';
import { coded } from './error-codes.js';
import type { Role } from '../domain/access.js';
import type { SurveySummary } from '../domain/nps.js';

const clinicIdSchema = z.string().min(1, { error: 'is required' }).max(40);
const limitSchema = z.coerce.number().int().min(1, { error: 'must be 1–100' }).max(100, { error: 'must be 1–100' }).default(25);
const cursorSchema = z.string().max(2048).optional();
const enumOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(', ')}` });

// ---- complaints -------------------------------------------------------------------------

export const complaintCategories = [
  'treatment-outcome', 'pain', 'billing', 'waiting-time', 'staff-attitude', 'hygiene', 'appointment', 'privacy', 'other',
] as const;
export type ComplaintCategory = (typeof complaintCategories)[number];

export const complaintSeverities = ['low', 'medium', 'high'] as const;
export type ComplaintSeverity = (typeof complaintSeverities)[number];

const descriptionSchema = textSchema({ multiline: true }).min(1, { error: 'is required' }).max(2000, { error: 'must be at most 2000 characters' });

export const complaintCreateSchema = z.strictObject({
  patientId: idSchema,
  clinicId: clinicIdSchema,
  category: enumOf(complaintCategories),
  description: descriptionSchema,
  severity: enumOf(complaintSeverities),
});
export type ComplaintCreate = z.infer<typeof complaintCreateSchema>;

export const complaintUpdateSchema = z
  .strictObject({
    status: enumOf(complaintStatuses).optional(),
    /** the staff member (user id) who handles it; null unassigns */
    owner: z.string().min(1, { error: 'must be a staff user id' }).max(128).nullable().optional(),
    /** what was done: required when resolving */
    resolution: textSchema({ multiline: true }).min(1, { error: coded('text.empty', 'must not be empty') }).max(2000, { error: 'must be at most 2000 characters' }).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: 'must change at least one field (status, owner, resolution)', params: { code: 'body.no_changes' } })
  .superRefine((v, ctx) => {
    if (v.status === 'resolved' && v.resolution === undefined) ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'is required when resolving: say what was done', params: { code: 'required' } });
    if (v.resolution !== undefined && v.status !== 'resolved') ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'is given only together with status "resolved"', params: { code: 'status.transition' } });
  });
export type ComplaintUpdate = z.infer<typeof complaintUpdateSchema>;

export const complaintListQuerySchema = z.strictObject({
  clinicId: clinicIdSchema.optional(),
  status: enumOf(complaintStatusFilters).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ComplaintListQuery = z.infer<typeof complaintListQuerySchema>;

export type Complaint = {
  complaintId: string;
  clinicId: string;
  patientId: string;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  description: string;
  status: ComplaintStatus;
  /** 'survey' when a low survey answer opened it by itself */
  source: 'staff' | 'survey';
  surveyId?: string;
  owner?: string;
  resolution?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
};

// ---- surveys ----------------------------------------------------------------------------

export const surveyInviteSchema = z.strictObject({
  visitId: idSchema.optional(),
  /** the day of the visit asked about; defaults to today in the clinic's time zone */
  visitDate: isoDateSchema.optional(),
});
export type SurveyInvite = z.infer<typeof surveyInviteSchema>;

const wholeNumber = (min: number, max: number) =>
  z.number({ error: `must be a whole number from ${min} to ${max}` }).int({ error: `must be a whole number from ${min} to ${max}` }).min(min, { error: `must be ${min}–${max}` }).max(max, { error: `must be ${min}–${max}` });

export const surveyAnswerSchema = z.strictObject({
  /** overall satisfaction, 1 (very unhappy) to 5 (very happy) */
  score: wholeNumber(1, 5),
  /** how likely to recommend us to a friend, 0–10 */
  nps: wholeNumber(0, 10),
  comment: textSchema({ multiline: true }).max(1000, { error: 'must be at most 1000 characters' }).optional(),
});
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month written YYYY-MM' });

export const surveyListQuerySchema = z.strictObject({
  clinicId: clinicIdSchema.optional(),
  /** the clinic's local month of the answers; totals are then that month's */
  month: monthSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type SurveyListQuery = z.infer<typeof surveyListQuerySchema>;

/** As the lists show them: with the patient's name (and the owner's), so a screen needs no request per row. */
export type ListedComplaint = Complaint & { patientName?: string; ownerName?: string };
export type ListedSurveyResult = SurveyResult & { patientName?: string };
/** GET /surveys: a clinic's answers, the page's summary and the clinic's totals for the period asked. */
export type SurveyReportView = { items: ListedSurveyResult[]; cursor?: string; summary: SurveySummary; totals: SurveySummary & { period: string } };

/** What staff get back when they create an invitation: the link to send. */
export type SurveyInvitation = {
  surveyId: string;
  clinicId: string;
  patientId: string;
  visitId?: string;
  visitDate: string;
  token: string;
  /** the public page's API path; the dashboard/SMS builds the full URL from it */
  path: string;
  createdAt: string;
};

/** An answered survey as reports show it; the comment is left out for marketing. */
export type SurveyResult = {
  surveyId: string;
  clinicId: string;
  patientId: string;
  visitId?: string;
  visitDate: string;
  score: number;
  nps: number;
  comment?: string;
  complaintId?: string;
  answeredAt: string;
};

/** All a public survey page shows: no patient name or phone. */
export type PublicSurvey = { clinicName: string; visitDate: string; answered: boolean };

// ---- intake questionnaire and leads -----------------------------------------------------

/** Seed 000 strategy 1: 5000 元以下 / 5000–2 万元 / 2 万元以上. Ranges, not amounts: no money here. */
export const budgetRanges = ['under-5000', '5000-20000', 'over-20000'] as const;
export type BudgetRange = (typeof budgetRanges)[number];

/** 关注重点: 价格 / 技术 / 隐私体验. */
export const intakePriorities = ['price', 'technology', 'privacy'] as const;
export type IntakePriority = (typeof intakePriorities)[number];

export const procedureInterests = ['basic', 'restorative', 'implant', 'ortho', 'perio', 'cosmetic', 'pediatric'] as const;
export type ProcedureInterest = (typeof procedureInterests)[number];

export const intakeLinkCreateSchema = z.strictObject({
  clinicId: clinicIdSchema,
  /** staff-facing, e.g. "大众点评店铺页": never shown on the public form */
  label: nameSchema,
  /** where the link is posted: the acquisition channel of the patients it brings */
  channel: enumOf(acquisitionChannels).default('other'),
});
export type IntakeLinkCreate = z.infer<typeof intakeLinkCreateSchema>;

export const intakeLinkListQuerySchema = z.strictObject({
  clinicId: clinicIdSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type IntakeLinkListQuery = z.infer<typeof intakeLinkListQuerySchema>;

export const intakeSubmissionSchema = z.strictObject({
  name: nameSchema,
  phone: phoneSchema,
  budget: enumOf(budgetRanges),
  priority: enumOf(intakePriorities),
  interests: z
    .array(enumOf(procedureInterests), { error: `must be a list of ${procedureInterests.join(', ')}` })
    .min(1, { error: 'choose at least one' })
    .max(procedureInterests.length)
    .refine((list) => new Set(list).size === list.length, { error: 'must not repeat an interest', params: { code: 'list.repeat' } }),
  preferredTime: textSchema().min(1, { error: coded('text.empty', 'must not be empty') }).max(50, { error: 'must be at most 50 characters' }).optional(),
  /** we may call back only with this consent: the form cannot be sent without it */
  contactConsent: z.literal(true, { error: coded('consent.required', 'must be true: we can only contact you with your consent') }),
  marketingConsent: z.boolean({ error: 'must be true or false' }),
});
export type IntakeSubmission = z.infer<typeof intakeSubmissionSchema>;

export const leadStatuses = ['new', 'converted'] as const;
export type LeadStatus = (typeof leadStatuses)[number];

export const leadListQuerySchema = z.strictObject({
  clinicId: clinicIdSchema.optional(),
  status: enumOf(leadStatuses).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type LeadListQuery = z.infer<typeof leadListQuerySchema>;

export type IntakeLink = {
  linkId: string;
  clinicId: string;
  label: string;
  channel: AcquisitionChannel;
  token: string;
  path: string;
  leadCount: number;
  createdAt: string;
  createdBy: string;
};

export type IntakeOption<T extends string> = { value: T; label: string };

/** The public questionnaire: the clinic's name and the choices, nothing else. */
export type PublicIntakeForm = {
  clinicName: string;
  options: {
    budget: IntakeOption<BudgetRange>[];
    priority: IntakeOption<IntakePriority>[];
    interests: IntakeOption<ProcedureInterest>[];
  };
  consentText: { contact: string; marketing: string };
};

export const leadTiers = ['high-value', 'standard'] as const;
/** 'high-value': 预算 2 万元以上 + 关注隐私 / 技术 (seed 000), for a senior consultant. */
export type LeadTier = (typeof leadTiers)[number];

export type Lead = {
  leadId: string;
  clinicId: string;
  linkId: string;
  name: string;
  /** E.164, or masked (138****8000) for roles that may not see contact details */
  phone: string;
  budget: BudgetRange;
  priority: IntakePriority;
  interests: ProcedureInterest[];
  preferredTime?: string;
  channel: AcquisitionChannel;
  contactConsent: boolean;
  marketingConsent: boolean;
  status: LeadStatus;
  patientId?: string;
  createdAt: string;
  convertedAt?: string;
  convertedBy?: string;
  tier: LeadTier;
  /** the consultant (staff user id) who calls the lead back */
  assignee?: string;
  assigneeName?: string;
  assignedAt?: string;
  assignedBy?: string;
  /** a new, unassigned lead: whom the clinic's routing rule suggests (shared/domain/intake.ts) */
  suggestedAssignee?: { userId: string; displayName: string };
  /** what an assignment sends back (invariant 11) */
  version: number;
};

/** The 409 of a second conversion: it names the patient the first one created. */
export type LeadAlreadyConvertedBody = ApiErrorBody & { patientId: string };

export type { Page } from './common.js';

// ---- lead assignment and routing (seed 000: high-value leads to senior consultants) ------

const staffIdSchema = z.string().min(1, { error: 'must be a staff user id' }).max(128, { error: 'must be a staff user id' });

export const leadAssignSchema = z.strictObject({
  /** the consultant who calls the lead back; null takes the lead off whoever had it */
  userId: staffIdSchema.nullable(),
  version: versionSchema,
});
export type LeadAssign = z.infer<typeof leadAssignSchema>;

export const leadRoutingQuerySchema = z.strictObject({ clinicId: clinicIdSchema.optional() });
export type LeadRoutingQuery = z.infer<typeof leadRoutingQuerySchema>;

export const leadRoutingUpdateSchema = z.strictObject({
  clinicId: clinicIdSchema,
  /** the clinic's 资深咨询师: high-value leads are suggested only to them */
  seniorConsultants: z
    .array(staffIdSchema, { error: 'must be a list of staff user ids' })
    .max(50, { error: 'must name at most 50 people' })
    .refine((list) => new Set(list).size === list.length, { error: 'must not name anyone twice', params: { code: 'list.repeat' } }),
  version: versionSchema,
});
export type LeadRoutingUpdate = z.infer<typeof leadRoutingUpdateSchema>;

/** A staff member who may be handed a lead of one clinic, with whether the clinic counts them senior. */
export type Consultant = { userId: string; displayName: string; role: Role; senior: boolean };

/** A clinic's lead routing: who takes leads there, and which of them are senior. */
export type LeadRouting = {
  clinicId: string;
  seniorConsultants: string[];
  consultants: Consultant[];
  version: number;
  updatedAt?: string;
  updatedBy?: string;
};
