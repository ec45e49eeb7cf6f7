/** Coupons (优惠券): definitions, issuing to a patient, the patient's coupons. Served by the wallet area. */
import { couponDefinitionInputSchema, couponIssueSchema } from '../../../shared/schemas/coupons.js';
import { couponDefinitions, deactivateCoupon, defineCoupon, issueCoupon, maskedFor, patientCoupon, patientCoupons } from '../../services/coupon-service.js';
import { jsonBody, pathParam } from '../lib/request.js';
import { created, ok, type AreaOperations } from '../lib/router.js';

export const couponOperations: AreaOperations = {
  'GET /coupon-definitions': async (_event, caller) => ok(await couponDefinitions(caller)),

  'POST /coupon-definitions': async (event, caller) => created(await defineCoupon(caller, jsonBody(event, couponDefinitionInputSchema))),

  'GET /patients/{patientId}/coupons': async (event, caller) => ok(await patientCoupons(caller, pathParam(event, 'patientId'))),

  'POST /patients/{patientId}/coupons': async (event, caller) => created(maskedFor(caller, await issueCoupon(caller, pathParam(event, 'patientId'), jsonBody(event, couponIssueSchema)))),

  'GET /patients/{patientId}/coupons/{code}': async (event, caller) => ok(maskedFor(caller, await patientCoupon(caller, pathParam(event, 'patientId'), pathParam(event, 'code')))),

  'POST /coupon-definitions/{definitionId}/deactivation': async (event, caller) => ok(await deactivateCoupon(caller, pathParam(event, 'definitionId'))),
};
