/** Checkout (a visit with its procedures and payments), a patient's visits, and the profile timeline. */
import { checkoutPreviewSchema, checkoutSchema, visitListQuerySchema, visitVoidSchema } from '../../../shared/schemas/visit.js';
import { previewCheckout } from '../../services/visit-preview-service.js';
import { patientTimeline, patientVisits } from '../../services/timeline-service.js';
import { checkout } from '../../services/visit-service.js';
import { voidVisit } from '../../services/visit-void-service.js';
import { installmentNumberSchema, installmentPaySchema, overdueQuerySchema } from '../../../shared/schemas/installments.js';
import { overdueInstallments, payInstallment } from '../../services/installment-service.js';
import { invalid } from '../../../shared/domain/errors.js';
import { claimCreateSchema, claimUpdateSchema, openClaimsQuerySchema } from '../../../shared/schemas/insurance-claims.js';
import { createClaim, openClaims, patientClaims, updateClaim } from '../../services/insurance-claim-service.js';
import { jsonBody, pathParam, queryParams } from '../lib/request.js';
import { createAreaHandler, created, ok } from '../lib/router.js';
import { stockOperations } from './stock-operations.js';

export const handler = createAreaHandler('visits', {
  'POST /patients/{patientId}/visits': async (event, caller) => {
    const input = jsonBody(event, checkoutSchema);
    const result = await checkout(caller, pathParam(event, 'patientId'), input);
    // A replayed idempotency key answers 200 with the visit recorded the first time.
    return result.replayed ? ok(result.visit) : created(result.visit);
  },

  'GET /patients/{patientId}/visits': async (event, caller) => {
    const { limit } = queryParams(event, visitListQuerySchema);
    return ok({ items: await patientVisits(caller, pathParam(event, 'patientId'), limit) });
  },

  'GET /patients/{patientId}/timeline': async (event, caller) => ok(await patientTimeline(caller, pathParam(event, 'patientId'))),

  'POST /patients/{patientId}/visits/{visitId}/void': async (event, caller) => {
    const { reason } = jsonBody(event, visitVoidSchema);
    return ok(await voidVisit(caller, pathParam(event, 'patientId'), pathParam(event, 'visitId'), reason));
  },

  'POST /patients/{patientId}/visits/preview': async (event, caller) =>
    ok(await previewCheckout(caller, pathParam(event, 'patientId'), jsonBody(event, checkoutPreviewSchema))),

  'POST /patients/{patientId}/visits/{visitId}/installments/{n}/pay': async (event, caller) => {
    const parsed = installmentNumberSchema.safeParse(pathParam(event, 'n'));
    if (!parsed.success) throw invalid('n', 'must be a part number from 0 to 99', { code: 'path.invalid' });
    const n = parsed.data;
    const ref = { patientId: pathParam(event, 'patientId'), visitId: pathParam(event, 'visitId'), n };
    return ok(await payInstallment(caller, ref, jsonBody(event, installmentPaySchema)));
  },

  'GET /installments/overdue': async (event, caller) => ok({ items: await overdueInstallments(caller, queryParams(event, overdueQuerySchema)) }),

  'POST /patients/{patientId}/insurance-claims': async (event, caller) =>
    created(await createClaim(caller, pathParam(event, 'patientId'), jsonBody(event, claimCreateSchema))),

  'GET /patients/{patientId}/insurance-claims': async (event, caller) => ok({ items: await patientClaims(caller, pathParam(event, 'patientId')) }),

  'PATCH /patients/{patientId}/insurance-claims/{claimId}': async (event, caller) =>
    ok(await updateClaim(caller, pathParam(event, 'patientId'), pathParam(event, 'claimId'), jsonBody(event, claimUpdateSchema))),

  'GET /insurance-claims/open': async (event, caller) => ok({ items: await openClaims(caller, queryParams(event, openClaimsQuerySchema).clinicId) }),

  ...stockOperations,
});
