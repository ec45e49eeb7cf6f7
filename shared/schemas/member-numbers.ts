/**
 * The Members page (issue 11, owner's numbers): the range query, the list queries behind
 * "renewals due" and "lapsed to call", the reserve setting and the answer's shape.
 */
import * as z from 'zod';
import { daysInRange } from '../domain/time.js';
import { isoDateSchema } from './common.js';

export const membersOverviewQuerySchema = z
  .strictObject({ from: isoDateSchema, to: isoDateSchema, clinicId: z.string().max(40).optional() })
  .superRefine((q, ctx) => {
    const days = daysInRange(q.from, q.to);
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
    else if (days > 400) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be at most 400 days after from (inclusive)' });
  });
export type MembersOverviewQuery = z.infer<typeof membersOverviewQuerySchema>;

export const memberListQuerySchema = z.strictObject({
  clinicId: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  cursor: z.string().max(1024).optional(),
});
export type MemberListQuery = z.infer<typeof memberListQuerySchema>;

/** National rules for prepaid cards ask a reserve of 20–40% depending on the issuer. */
export const reserveSettingSchema = z.strictObject({
  reservePercent: z.number().int({ error: 'must be a whole percentage' }).min(20, { error: 'must be at least 20%' }).max(40, { error: 'must be at most 40%' }),
  version: z.number().int().min(0),
});

const fen = z.number().int();
const liabilitySchema = z.looseObject({
  clinicId: z.string(),
  unearnedFeesFen: fen,
  storedValuePrincipalFen: fen,
  storedValueBonusFen: fen,
  lastQuarter: z.looseObject({ endMonth: z.string(), prepaidFen: fen }),
  reserveFen: fen,
});

const visitGroupSchema = z.looseObject({ patients: z.number().int(), visits: z.number().int(), spendFen: fen });
const visitComparisonSchema = z.looseObject({ members: visitGroupSchema, others: visitGroupSchema });
/** The nightly figures (shared/domain/members/usage.ts); null before the patient-metrics job first ran. */
const memberUsageSchema = z.looseObject({
  asOfDay: z.string(),
  sinceDay: z.string(),
  computedAt: z.string(),
  visits: z.array(visitComparisonSchema.extend({ clinicId: z.string() })),
  chain: visitComparisonSchema,
  entitlements: z.array(z.looseObject({ clinicId: z.string(), key: z.string(), procedureCode: z.string(), basis: z.enum(['term', 'month', 'member']), used: z.number().int(), available: z.number().int(), cards: z.number().int() })),
}).nullable();

export const membersOverviewResponseSchema = z.looseObject({
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  totals: z.looseObject({ activeCards: z.number().int(), activePeople: z.number().int(), newCards: z.number().int(), renewed: z.number().int(), lapsed: z.number().int(), cancelled: z.number().int(), renewalRate: z.number().nullable(), feeSoldFen: fen }),
  recognisedByMonth: z.array(z.looseObject({ month: z.string(), fen })),
  clinics: z.array(z.looseObject({ clinicId: z.string(), name: z.string() })),
  staff: z.array(z.looseObject({ userId: z.string(), name: z.string(), cards: z.number().int(), feeFen: fen, topUps: z.number().int(), topUpFen: fen })),
  renewalsDueIn90Days: z.number().int(),
  usage: memberUsageSchema,
  liability: z.looseObject({ reservePercent: z.number().int(), reserveVersion: z.number().int(), clinics: z.array(liabilitySchema), total: liabilitySchema.omit({ clinicId: true }) }),
  notes: z.array(z.string()),
});

export const memberListResponseSchema = z.looseObject({
  items: z.array(z.looseObject({ membershipId: z.string(), holderPatientId: z.string(), holderName: z.string(), phone: z.string().optional(), people: z.number().int(), planName: z.string(), endDate: z.string(), clinicId: z.string() })),
  cursor: z.string().optional(),
});

export const reserveSettingResponseSchema = z.looseObject({ reservePercent: z.number().int(), version: z.number().int() });
