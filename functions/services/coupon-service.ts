/**
 * Coupons (优惠券): the owner or a manager defines them; the front desk, a manager or marketing
 * issues one to a patient with a random code (60 bits of Crockford base32: not guessable, and
 * nothing to type wrong between 0/O or 1/I); a checkout redeems it (visit-service.ts) and a void
 * gives it back. Each coupon keeps who or what issued it, so redemptions can be attributed.
 */
import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { canSeeClinic, roleHasPermission, type Caller } from '../../shared/domain/access.js';
import { couponDates } from '../../shared/domain/coupons/coupon.js';
import { DomainError, invalid, invalidFields, notFound, type FieldProblem } from '../../shared/domain/errors.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { Coupon, CouponDefinition, CouponDefinitionInput, CouponIssueInput } from '../../shared/schemas/coupons.js';
import { listProcedures } from '../adapters/dynamo/catalog-repository.js';
import { deactivateCouponDefinition, getCouponDefinition, getCoupon, listCouponDefinitions, listCoupons, putCoupon, putCouponDefinition } from '../adapters/dynamo/coupon-repository.js';
import { getClinic, listClinics } from '../adapters/dynamo/org-repository.js';
import { readPatient } from './patient-service.js';
import { audiencesHiddenFrom } from './treatment-aimed.js';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters × 5 bits from a CSPRNG. */
export const newCouponCode = (): string => [...randomBytes(12)].map((b) => alphabet[b & 31]).join('');

/** Procedures of this chain's catalog, clinics of this chain within the caller's scope. */
const checkScope = async (caller: Caller, input: CouponDefinitionInput): Promise<void> => {
  const [procedures, clinics] = await Promise.all([listProcedures(caller.tenantId), listClinics(caller.tenantId)]);
  const known = new Set(procedures.map((p) => p.procedureId));
  const mine = new Set(clinics.filter((c) => canSeeClinic(caller, c.clinicId)).map((c) => c.clinicId));
  const problems: FieldProblem[] = [];
  input.procedureIds.forEach((id, i) => { if (!known.has(id)) problems.push({ path: `procedureIds.${i}`, message: 'is not a procedure in this chain’s catalog', code: 'procedure.unknown' }); });
  input.clinicIds.forEach((id, i) => { if (!mine.has(id)) problems.push({ path: `clinicIds.${i}`, message: 'is not one of your clinics', code: 'clinic.not_yours' }); });
  // A manager's coupon is valid only in their own clinics: no clinic list would mean the whole chain.
  if (caller.clinicScope !== 'all' && input.clinicIds.length === 0) problems.push({ path: 'clinicIds', message: 'must name your clinics (a coupon for the whole chain is the owner’s)', code: 'required' });
  if (problems.length) throw invalidFields(problems);
};

export const defineCoupon = async (caller: Caller, input: CouponDefinitionInput): Promise<CouponDefinition> => {
  await checkScope(caller, input);
  const definition: CouponDefinition = { ...input, definitionId: ulid(), active: true, createdAt: new Date().toISOString(), createdBy: caller.userId };
  await putCouponDefinition(caller.tenantId, definition);
  return definition;
};

export const couponDefinitions = async (caller: Caller): Promise<{ items: CouponDefinition[] }> => ({ items: await listCouponDefinitions(caller.tenantId) });

/** The patient's clinic calendar decides the day a coupon starts and ends. */
const issueDay = async (tenantId: string, clinicId: string, now: Date): Promise<string> => localDay(now, (await getClinic(tenantId, clinicId))?.timeZone ?? defaultTimeZone);

export const issueCoupon = async (caller: Caller, patientId: string, input: CouponIssueInput, now = new Date()): Promise<Coupon> => {
  const patient = await readPatient(caller, patientId);
  const definition = await getCouponDefinition(caller.tenantId, input.definitionId);
  if (!definition) throw notFound('coupon definition');
  if (!definition.active) throw invalid('definitionId', 'is no longer issued', { code: 'coupon.definition_inactive' });
  // A person issuing stands for themself; an automation, referral or campaign is named by the caller.
  const issuedBy = input.issuedBy && input.issuedBy.kind !== 'staff' ? input.issuedBy : { kind: 'staff' as const, id: caller.userId };
  const { validFrom, expiresOn } = couponDates(definition.validity, await issueDay(caller.tenantId, patient.clinicId, now));
  const { name, value, minSpendFen, procedureIds, categories, clinicIds, definitionId } = definition;
  for (let attempt = 0; attempt < 3; attempt++) {
    const coupon: Coupon = { code: newCouponCode(), patientId, definitionId, name, value, minSpendFen, procedureIds, categories, clinicIds, validFrom, expiresOn, status: 'issued', issuedBy, issuedAt: now.toISOString() };
    if (await putCoupon(caller.tenantId, coupon)) return coupon;
  }
  throw new DomainError('conflict', 'Could not draw a fresh coupon code; try again');
};

/**
 * A code is money at the till: only the roles that check out (and so redeem) read it whole;
 * others (marketing) see its last four characters, enough to tell two coupons apart.
 */
export const maskedFor = (caller: Caller, coupon: Coupon): Coupon & { codeMasked?: true } =>
  roleHasPermission(caller.role, 'visits:write') ? coupon : { ...coupon, code: `••••••••${coupon.code.slice(-4)}`, codeMasked: true };

/** A coupon a campaign aimed by treatment issued says its holder had that treatment (treatment-aim.ts). */
const toldOfCoupon = (hidden: ReadonlySet<string>) => (coupon: Coupon): boolean => coupon.issuedBy?.kind !== 'campaign' || !hidden.has(coupon.issuedBy.id);

export const patientCoupons = async (caller: Caller, patientId: string): Promise<{ items: Coupon[] }> => {
  await readPatient(caller, patientId);
  const [coupons, hidden] = await Promise.all([listCoupons(caller.tenantId, patientId), audiencesHiddenFrom(caller)]);
  return { items: coupons.filter(toldOfCoupon(hidden)).map((c) => maskedFor(caller, c)) };
};

/** One coupon of this patient; any other code (another patient's, another chain's) is not found. */
export const patientCoupon = async (caller: Caller, patientId: string, code: string): Promise<Coupon> => {
  await readPatient(caller, patientId);
  const [coupon, hidden] = await Promise.all([getCoupon(caller.tenantId, patientId, code.toUpperCase()), audiencesHiddenFrom(caller)]);
  if (!coupon || !toldOfCoupon(hidden)(coupon)) throw notFound('coupon');
  return coupon;
};

/**
 * Stops issuing a definition (settings screen). A manager may stop only definitions limited to
 * their own clinics; one for the whole chain, or naming another clinic, is the owner's.
 */
export const deactivateCoupon = async (caller: Caller, definitionId: string, now = new Date()): Promise<CouponDefinition> => {
  const definition = await getCouponDefinition(caller.tenantId, definitionId);
  if (!definition) throw notFound('coupon definition');
  const mine = definition.clinicIds.length > 0 && definition.clinicIds.every((id) => canSeeClinic(caller, id));
  if (caller.clinicScope !== 'all' && !mine) throw new DomainError('forbidden', 'Only the owner stops a coupon that other clinics also use');
  const updated = await deactivateCouponDefinition(caller.tenantId, definitionId, { by: caller.userId, at: now.toISOString() });
  if (!updated) throw notFound('coupon definition');
  return updated;
};
