/** Segments' operations (issue 12 item 1), part of the marketing function's router. */
import { segmentCreateSchema, segmentPreviewSchema, segmentUpdateSchema } from '../../../shared/schemas/segments.js';
import { exportSegment } from '../../services/segment-export.js';
import { createSegment, freezeSegment, listSegmentsFor, previewSegment, removeSegment, segmentView, updateSegment } from '../../services/segment-service.js';
import { jsonBody, pathParam, rejectBody } from '../lib/request.js';
import { created, ok, type AreaOperations } from '../lib/router.js';

export const segmentOperations: AreaOperations = {
  'GET /segments': async (_event, caller) => ok({ items: await listSegmentsFor(caller) }),
  'POST /segments': async (event, caller) => created(await createSegment(caller, jsonBody(event, segmentCreateSchema), new Date())),
  'POST /segments/preview': async (event, caller) => ok(await previewSegment(caller, jsonBody(event, segmentPreviewSchema), new Date())),
  'GET /segments/{segmentId}': async (event, caller) => ok(await segmentView(caller, pathParam(event, 'segmentId'))),
  'PATCH /segments/{segmentId}': async (event, caller) => {
    const input = jsonBody(event, segmentUpdateSchema);
    return ok(await updateSegment(caller, pathParam(event, 'segmentId'), input, new Date()));
  },
  'DELETE /segments/{segmentId}': async (event, caller) => {
    await removeSegment(caller, pathParam(event, 'segmentId'), new Date());
    return ok({ deleted: true });
  },
  'POST /segments/{segmentId}/freeze': async (event, caller) => {
    rejectBody(event);
    return ok(await freezeSegment(caller, pathParam(event, 'segmentId'), new Date()));
  },
  'GET /segments/{segmentId}/export': async (event, caller) => ok(await exportSegment(caller, pathParam(event, 'segmentId'), new Date())),
};
