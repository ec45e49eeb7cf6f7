/** Consumables stock routes (shared/api-routes/stock.ts), served by the visits function beside checkout. */
import {
  bomInputSchema, lossQuerySchema, movementInputSchema, movementListQuerySchema, stockAlertsQuerySchema, stockItemInputSchema, stockItemUpdateSchema,
} from '../../../shared/schemas/stock.js';
import { recordMovement } from '../../services/stock-movement-service.js';
import { clinicLossReport, clinicMovements, clinicPurchaseList, clinicStock, stockAlerts } from '../../services/stock-report-service.js';
import { createStockItem, setBom, stockBoms, stockItems, updateStockItem } from '../../services/stock-service.js';
import { jsonBody, pathParam, queryParams } from '../lib/request.js';
import { created, ok, type AreaOperations } from '../lib/router.js';

export const stockOperations: AreaOperations = {
  'GET /stock/items': async (_event, caller) => ok({ items: await stockItems(caller) }),
  'POST /stock/items': async (event, caller) => created(await createStockItem(caller, jsonBody(event, stockItemInputSchema))),
  'PATCH /stock/items/{itemId}': async (event, caller) => ok(await updateStockItem(caller, pathParam(event, 'itemId'), jsonBody(event, stockItemUpdateSchema))),
  'GET /stock/boms': async (_event, caller) => ok({ items: await stockBoms(caller) }),
  'PUT /stock/boms/{procedureId}': async (event, caller) => ok(await setBom(caller, pathParam(event, 'procedureId'), jsonBody(event, bomInputSchema))),
  'GET /stock/clinics/{clinicId}': async (event, caller) => ok(await clinicStock(caller, pathParam(event, 'clinicId'))),
  'POST /stock/clinics/{clinicId}/movements': async (event, caller) => {
    const result = await recordMovement(caller, pathParam(event, 'clinicId'), jsonBody(event, movementInputSchema));
    // A repeated request id answers 200 with the movement recorded the first time.
    return result.replayed ? ok(result.movement) : created(result.movement);
  },
  'GET /stock/clinics/{clinicId}/movements': async (event, caller) => ok(await clinicMovements(caller, pathParam(event, 'clinicId'), queryParams(event, movementListQuerySchema))),
  'GET /stock/clinics/{clinicId}/loss': async (event, caller) => ok(await clinicLossReport(caller, pathParam(event, 'clinicId'), queryParams(event, lossQuerySchema).month)),
  'GET /stock/clinics/{clinicId}/purchase-list': async (event, caller) => ok(await clinicPurchaseList(caller, pathParam(event, 'clinicId'))),
  'GET /stock/alerts': async (event, caller) => ok(await stockAlerts(caller, queryParams(event, stockAlertsQuerySchema).clinicId)),
};
