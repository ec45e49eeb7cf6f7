import * as z from 'zod';
import { changesSomething, textSchema, versionSchema } from './common.js';
import { coded } from './error-codes.js';

export const procedureCategories = ['basic', 'restorative', 'implant', 'ortho', 'perio', 'cosmetic', 'pediatric'] as const;
export type ProcedureCategory = (typeof procedureCategories)[number];
export const valueTiers = ['basic', 'standard', 'premium'] as const;

/** Integer fen, at most ¥1,000,000 for one line (invariant 3). */
export const fenSchema = z
  .number({ error: coded('money.invalid', 'must be an amount in fen (an integer)') })
  .int({ error: coded('money.fraction', 'must be whole fen (an integer), not a fraction') })
  .min(0, { error: coded('money.negative', 'must not be negative') })
  .max(100_000_000, { error: coded('money.too_large', 'must be at most ¥1,000,000') });

export const carePathwayStepSchema = z.strictObject({
  /** days after the visit; 0 = right after checkout */
  offsetDays: z.number({ error: 'must be a whole number of days' }).int({ error: 'must be a whole number of days' }).min(0, { error: 'must be 0 (the visit day) or more' }).max(3650, { error: 'must be at most 3650 days' }),
  /** a message (sent by the automations) or a call task for a person */
  action: z.enum(['message', 'call'], { error: 'must be message or call' }),
  /** template or script key, e.g. 'post-extraction-care' */
  topic: z.string().trim().regex(/^[a-z0-9-]{2,40}$/, { error: 'must be 2–40 lower-case letters, digits or -' }),
});
export type CarePathwayStep = z.infer<typeof carePathwayStepSchema>;

/** A recall interval or milestone in whole months; the code lets the screen say it in words. */
const recallMonths = (max: number) =>
  z
    .number({ error: coded('recall.months', `must be a whole number of months from 1 to ${max}`) })
    .int({ error: coded('recall.months', `must be a whole number of months from 1 to ${max}`) })
    .min(1, { error: coded('recall.months', `must be a whole number of months from 1 to ${max}`) })
    .max(max, { error: coded('recall.months', `must be a whole number of months from 1 to ${max}`) });
/** Patients recalled by one rule share a group (cleaning, perio…): one due date per group. */
const recallGroup = z.string().regex(/^[a-z0-9-]{2,30}$/, { error: coded('format.invalid', 'must be 2–30 lower-case letters, digits or -') });

/** When the patient is due back: every N months, or at fixed milestones (implants: 12, 24, 36). */
export const recallRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('interval'), group: recallGroup, months: recallMonths(60) }),
  z.strictObject({
    kind: z.literal('milestones'),
    group: recallGroup,
    months: z
      .array(recallMonths(120))
      .min(1, { error: 'must name at least one milestone' })
      .max(10, { error: 'must be at most 10 milestones' })
      .refine((months) => new Set(months).size === months.length, { error: 'must not name a milestone twice', params: { code: 'list.repeat' } }),
  }),
], { error: coded('enum.invalid', 'must be a rule of kind interval or milestones') });
export type RecallRule = z.infer<typeof recallRuleSchema>;

const procedureFields = {
  code: z.string().trim().regex(/^[a-z0-9-]{2,40}$/, { error: 'must be 2–40 lower-case letters, digits or -' }),
  nameZh: textSchema().min(1).max(40),
  nameEn: textSchema().min(1).max(60),
  category: z.enum(procedureCategories, { error: `must be one of ${procedureCategories.join(', ')}` }),
  valueTier: z.enum(valueTiers),
  priceFen: fenSchema,
  carePathway: z.array(carePathwayStepSchema).max(12),
  recall: recallRuleSchema.nullable(),
  active: z.boolean(),
};

export const procedureCreateSchema = z.strictObject({
  ...procedureFields,
  carePathway: procedureFields.carePathway.default([]),
  recall: procedureFields.recall.default(null),
  active: procedureFields.active.default(true),
});
export const procedureUpdateSchema = z
  .strictObject({
    nameZh: procedureFields.nameZh.optional(),
    nameEn: procedureFields.nameEn.optional(),
    category: procedureFields.category.optional(),
    valueTier: procedureFields.valueTier.optional(),
    priceFen: procedureFields.priceFen.optional(),
    carePathway: procedureFields.carePathway.optional(),
    recall: procedureFields.recall.optional(),
    active: procedureFields.active.optional(),
    /** the version the procedure was read at: a stale one is a 409 (invariant 11) */
    version: versionSchema,
  })
  .refine(changesSomething, { error: 'must change at least one field', params: { code: 'body.no_changes' } });
/** null removes the clinic's override, so the chain price applies again. */
/** GET /procedures: with a clinic, each item carries that clinic's price. */
export const procedureListQuerySchema = z.strictObject({ clinicId: z.string().min(1).max(40).optional(), includeInactive: z.enum(['true', 'false']).optional() });

export const clinicPriceSchema = z.strictObject({
  priceFen: fenSchema.nullable(),
  /** the procedure's version when its prices were read: a stale one is a 409 (invariant 11) */
  version: versionSchema,
});

export type Procedure = {
  procedureId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  category: ProcedureCategory;
  valueTier: (typeof valueTiers)[number];
  /** chain price */
  priceFen: number;
  /** per-clinic overrides */
  clinicPrices: Record<string, number>;
  carePathway: CarePathwayStep[];
  recall: RecallRule | null;
  active: boolean;
  updatedAt: string;
  /** what a change sends back (invariant 11); 0 for a record stored before versions */
  version?: number;
};

/** GET /procedures?clinicId: the catalog with the clinic's price worked out (without clinicId, plain Procedures). */
export type PricedProcedure = Procedure & { clinicPriceFen: number };
