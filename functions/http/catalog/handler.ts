/** The procedure catalog: chain prices, clinic overrides, care pathways and recall rules. */
import { ulid } from 'ulid';
import { canSeeClinic } from '../../../shared/domain/access.js';
import { priceAt } from '../../../shared/domain/catalog.js';
import { notFound } from '../../../shared/domain/errors.js';
import { clinicPriceSchema, procedureCreateSchema, procedureListQuerySchema, procedureUpdateSchema, type PricedProcedure, type Procedure } from '../../../shared/schemas/catalog.js';
import type { Items } from '../../../shared/schemas/common.js';
import { createProcedure, listProcedures, setClinicPrice, updateProcedure } from '../../adapters/dynamo/catalog-repository.js';
import { getClinic } from '../../adapters/dynamo/org-repository.js';
import { jsonBody, pathParam, queryParams } from '../lib/request.js';
import { createAreaHandler, created, ok } from '../lib/router.js';

export const handler = createAreaHandler('catalog', {
  'GET /procedures': async (event, caller) => {
    const { clinicId, includeInactive } = queryParams(event, procedureListQuerySchema);
    if (clinicId && (!canSeeClinic(caller, clinicId) || !(await getClinic(caller.tenantId, clinicId)))) throw notFound('clinic');
    const procedures = (await listProcedures(caller.tenantId)).filter((p) => p.active || includeInactive === 'true');
    const items = procedures
      .map((p) => ({ ...p, ...(clinicId ? { clinicPriceFen: priceAt(p, clinicId) } : {}) }))
      .sort((a, b) => a.category.localeCompare(b.category) || a.code.localeCompare(b.code));
    return ok({ items } satisfies Items<Procedure | PricedProcedure>);
  },

  'POST /procedures': async (event, caller) => {
    const input = jsonBody(event, procedureCreateSchema);
    const procedure = { ...input, procedureId: ulid(), clinicPrices: {}, updatedAt: new Date().toISOString(), version: 0 };
    await createProcedure(caller.tenantId, procedure);
    return created(procedure);
  },

  'PATCH /procedures/{procedureId}': async (event, caller) => {
    const { version, ...changes } = jsonBody(event, procedureUpdateSchema);
    return ok(await updateProcedure(caller.tenantId, pathParam(event, 'procedureId'), changes, version));
  },

  'PUT /procedures/{procedureId}/prices/{clinicId}': async (event, caller) => {
    const { priceFen, version } = jsonBody(event, clinicPriceSchema);
    const clinicId = pathParam(event, 'clinicId');
    if (!canSeeClinic(caller, clinicId) || !(await getClinic(caller.tenantId, clinicId))) throw notFound('clinic');
    return ok(await setClinicPrice(caller.tenantId, pathParam(event, 'procedureId'), clinicId, priceFen, version));
  },
});
