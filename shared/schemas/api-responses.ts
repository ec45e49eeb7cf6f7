/**
 * What the API answers, as zod schemas for the OpenAPI document (shared/openapi.ts). The error
 * shape is exact; a patient, the resource every role reads differently, is described field by
 * field; other bodies are described by their envelope (an object, a list, a page) and allow
 * more fields than they name, so a new field never makes the document lie.
 */
import * as z from 'zod';
import { acquisitionChannels, consentSources, genders } from './patient.js';
import { apiErrorCodes, fieldErrorCodes } from './error-codes.js';

const fieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  /** a stable machine code such as `phone.invalid` (shared/schemas/error-codes.ts) */
  code: z.enum(fieldErrorCodes),
  /** the numbers and names the code's wording needs (a maximum, the expected type…) */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** a conflict's record (`phone.exists`: the clinic's patient who has the phone; left out for roles that see masked phones) */
  existing: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  /** a booking clash (`slot.taken`): the appointment in the way */
  blocking: z.object({ appointmentId: z.string(), startAt: z.string(), endAt: z.string(), patientName: z.string(), dentistName: z.string(), chair: z.string() }).optional(),
  /** a booking clash: the nearest free starts that day for that dentist and chair (ISO) */
  suggestions: z.array(z.string()).optional(),
});

export const apiErrorBodySchema = z
  .looseObject({
    error: z.object({ code: z.enum(apiErrorCodes), message: z.string(), fields: z.array(fieldErrorSchema).optional() }),
  })
  .meta({ description: 'Every 4xx and 5xx: a machine code, a sentence a person can act on, and the fields to fix.' });

/**
 * What API Gateway's JWT authorizer answers itself to a missing, forged or expired token; an HTTP
 * API cannot reshape it, and the local gateway answers the same so the dashboard meets one shape.
 */
export const gatewayMessageSchema = z
  .object({ message: z.string() })
  .meta({ description: 'The gateway\'s own refusal of a token (401), before any handler runs.' });

export const anyObjectSchema = z.looseObject({});

/** A list the API answers in one piece. */
export const itemsOf = (item: z.ZodType = anyObjectSchema) => z.looseObject({ items: z.array(item) });
/** A page of a longer list: send `cursor` back for the next page; the last page has none. */
export const pageOf = (item: z.ZodType = anyObjectSchema) => z.looseObject({ items: z.array(item), cursor: z.string().optional() });

const consentRecordSchema = z.looseObject({
  granted: z.boolean(),
  source: z.enum(consentSources),
  at: z.string(),
  proof: z.string().optional(),
  channel: z.literal('sms'),
  recordedBy: z.string().optional(),
});

export const patientResponseSchema = z
  .looseObject({
    patientId: z.string(),
    clinicId: z.string(),
    name: z.string(),
    gender: z.enum(genders),
    birthDate: z.string().optional(),
    /** E.164, or masked (138****8000) for roles that may not see contact details */
    phone: z.string(),
    channel: z.enum(acquisitionChannels),
    tags: z.array(z.string()),
    notes: z.string().optional(),
    consents: z.looseObject({ care: consentRecordSchema.optional(), marketing: consentRecordSchema.optional(), healthData: consentRecordSchema.optional() }),
    referrer: anyObjectSchema.optional(),
    familyId: z.string().optional(),
    familyRelation: z.string().optional(),
    doNotContact: z.object({ deceased: z.boolean(), optedOut: z.boolean(), openComplaint: z.boolean() }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ description: 'A patient as the caller\'s role may see them.' });

export const meResponseSchema = z.looseObject({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.string(),
  tenantId: z.string(),
  clinicScope: z.unknown(),
  chain: z.looseObject({ name: z.string(), brand: z.string().optional() }),
  clinics: z.array(anyObjectSchema),
});

export const healthResponseSchema = z.object({ status: z.literal('ok'), service: z.string(), time: z.string() });
export const receivedResponseSchema = z.object({ received: z.literal(true) });
export const jobQueuedResponseSchema = z.object({ job: z.string(), eventId: z.string(), status: z.literal('queued') });

/** GET /chain/cost: this month's estimated AWS cost, itemised, and the SMS spend so far (USD). */
export const chainCostResponseSchema = z
  .looseObject({
    month: z.string(),
    asOfDay: z.string(),
    items: z.array(z.object({ name: z.string(), usd: z.number(), basis: z.string() })),
    totalUsd: z.number(),
    smsSpendUsd: z.number(),
    messagesSent: z.number(),
  })
  .meta({ description: 'An estimate from the chain\'s own counts and list prices, not AWS\'s bill.' });

const pointsRulesFields = { earnPointsPerYuan: z.number().int(), spendPointsPerYuan: z.number().int(), maxSharePercent: z.number().int() };
const pointsLotSchema = z.looseObject({ lotId: z.string(), earnedOn: z.string(), expiresOn: z.string(), points: z.number().int() });

/** GET/PUT /points/rules */
export const pointsRulesResponseSchema = z.looseObject({ ...pointsRulesFields, version: z.number().int(), updatedAt: z.string().optional(), updatedBy: z.string().optional() });

/** GET /patients/{patientId}/points: the (possibly pooled) account, its lots and ledger. */
export const pointsResponseSchema = z.looseObject({
  ownerPatientId: z.string(),
  pooled: z.boolean(),
  balance: z.number().int(),
  expiringSoon: z.array(pointsLotSchema),
  lots: z.array(pointsLotSchema),
  entries: z.array(z.looseObject({ entryId: z.string(), kind: z.enum(['checkout', 'void']), points: z.number().int(), visitId: z.string(), at: z.string() })),
  rules: z.looseObject(pointsRulesFields),
});
const previewLineSchema = z.looseObject({
  procedureId: z.string(),
  quantity: z.number().int(),
  unitPriceFen: z.number().int(),
  discountFen: z.number().int(),
  amountFen: z.number().int(),
  /** the membership paid for this line (amountFen 0); listValueFen is what it would have cost */
  coveredBy: z.object({ membershipId: z.string(), entitlementKey: z.string(), listValueFen: z.number().int() }).optional(),
  /** a visit pack paid for this line (amountFen 0) */
  packCover: z.object({ packId: z.string(), listValueFen: z.number().int() }).optional(),
});

export const checkoutPreviewResponseSchema = z
  .looseObject({
    lines: z.array(previewLineSchema),
    listTotalFen: z.number().int(),
    subtotalFen: z.number().int(),
    discountFen: z.number().int(),
    memberDiscountFen: z.number().int(),
    couponDiscountFen: z.number().int(),
    totalFen: z.number().int(),
    coupon: z.looseObject({ code: z.string(), amountFen: z.number().int() }).optional(),
    storedValue: z.object({ principalFen: z.number().int(), bonusFen: z.number().int(), totalFen: z.number().int() }).optional(),
  })
  .meta({ description: 'The visit priced exactly as the checkout would price it now; nothing is written. storedValue only for roles that see money.' });
