/** The outbox: what was sent (or, locally, kept instead of sent). Marketing sees masked numbers. */
import { seesContactDetails } from '../../../shared/domain/access.js';
import { maskPhone } from '../../../shared/domain/phone.js';
import { paginationQuerySchema } from '../../../shared/schemas/common.js';
import { listOutbox } from '../../adapters/dynamo/outbox-repository.js';
import { queryParams } from '../lib/request.js';
import { createAreaHandler, ok } from '../lib/router.js';

export const handler = createAreaHandler('messages', {
  'GET /outbox': async (event, caller) => {
    const { limit, cursor } = queryParams(event, paginationQuerySchema);
    const page = await listOutbox(caller.tenantId, limit, cursor);
    const masked = seesContactDetails(caller.role) ? page.items : page.items.map((m) => (m.kind === 'sms' ? { ...m, to: maskPhone(m.to) } : m));
    return ok({ ...page, items: masked });
  },
});
