/** Visit packs (次卡): products (owner), sale at the front desk, the patient's packs, cancellation with the refund by the frozen rule. */
import { cancelPackSchema, packProductUpdateSchema, packTermsSchema, sellPackSchema } from '../../../shared/schemas/packs.js';
import { cancelPack, createPackProduct, packProductsFor, patientPacks, sellPack, updatePackProduct } from '../../services/pack-service.js';
import { jsonBody, pathParam } from '../lib/request.js';
import { created, ok, type AreaOperations } from '../lib/router.js';

export const packHandlers: AreaOperations = {
  'GET /pack-products': async (_event, caller) => ok({ items: await packProductsFor(caller) }),

  'POST /pack-products': async (event, caller) => created(await createPackProduct(caller, jsonBody(event, packTermsSchema))),

  'PUT /pack-products/{productId}': async (event, caller) => ok(await updatePackProduct(caller, pathParam(event, 'productId'), jsonBody(event, packProductUpdateSchema))),

  'GET /patients/{patientId}/packs': async (event, caller) => ok({ items: await patientPacks(caller, pathParam(event, 'patientId')) }),

  'POST /patients/{patientId}/packs': async (event, caller) => {
    const result = await sellPack(caller, pathParam(event, 'patientId'), jsonBody(event, sellPackSchema));
    // A replayed idempotency key answers 200 with the pack sold the first time.
    return result.replayed ? ok(result.pack) : created(result.pack);
  },

  'POST /packs/{packId}/cancellations': async (event, caller) => {
    const result = await cancelPack(caller, pathParam(event, 'packId'), jsonBody(event, cancelPackSchema));
    return result.preview ? ok(result) : created(result);
  },
};
