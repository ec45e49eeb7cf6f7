/** The outbox: what was sent (or, locally, kept instead of sent), as each role may see it. */
import { outboxVisibleTo, presentOutboxMessage } from '../../../shared/domain/outbox.js';
import { paginationQuerySchema } from '../../../shared/schemas/common.js';
import { listOutbox } from '../../adapters/dynamo/outbox-repository.js';
import { queryParams } from '../lib/request.js';
import { createAreaHandler, ok } from '../lib/router.js';

export const handler = createAreaHandler('messages', {
  'GET /outbox': async (event, caller) => {
    const { limit, cursor } = queryParams(event, paginationQuerySchema);
    const page = await listOutbox(caller.tenantId, limit, cursor);
    const items = page.items.filter((m) => outboxVisibleTo(caller, m)).map((m) => presentOutboxMessage(caller, m));
    return ok({ ...page, items });
  },
});
