/**
 * The outbox (what was sent or, locally, kept instead of sent) and the send ledger (every
 * decision with its reason), per automation and per patient, as each role may see them.
 */
import { outboxVisibleTo, presentOutboxMessage } from '../../../shared/domain/outbox.js';
import { presentLedgerEntries } from '../../../shared/domain/messaging/ledger-view.js';
import { paginationQuerySchema, type Items, type Page } from '../../../shared/schemas/common.js';
import { ledgerListQuerySchema, patientMessagesQuerySchema, type LedgerListEntry } from '../../../shared/schemas/messages.js';
import type { OutboxMessage } from '../../../shared/schemas/outbox.js';
import { listOutbox } from '../../adapters/dynamo/outbox-repository.js';
import { listPatientLedger } from '../../adapters/dynamo/send-ledger-repository.js';
import { ledgerPage } from '../../services/ledger-page.js';
import { firstShownPage } from '../../services/filtered-page.js';
import { audiencesHiddenFrom, outsideHidden } from '../../services/treatment-aimed.js';
import { listUnmatchedReplies } from '../../adapters/dynamo/unmatched-reply-repository.js';
import { readPatient } from '../../services/patient-service.js';
import { pathParam, queryParams } from '../lib/request.js';
import { createAreaHandler, ok } from '../lib/router.js';

export const handler = createAreaHandler('messages', {
  'GET /outbox': async (event, caller) => {
    const { limit, cursor } = queryParams(event, paginationQuerySchema);
    const told = outsideHidden(await audiencesHiddenFrom(caller));
    const page = await firstShownPage((next) => listOutbox(caller.tenantId, limit, next), (m) => outboxVisibleTo(caller, m) && told(m), cursor);
    const items = page.items.map((m) => presentOutboxMessage(caller, m));
    return ok({ ...page, items } satisfies Page<OutboxMessage>);
  },

  'GET /messages': async (event, caller) => {
    return ok(await ledgerPage(caller, queryParams(event, ledgerListQuerySchema)));
  },

  'GET /patients/{patientId}/messages': async (event, caller) => {
    const patient = await readPatient(caller, pathParam(event, 'patientId'));
    const { purpose } = queryParams(event, patientMessagesQuerySchema);
    const [items, hidden] = await Promise.all([listPatientLedger(caller.tenantId, patient.patientId, purpose), audiencesHiddenFrom(caller)]);
    const newestFirst = items.filter(outsideHidden(hidden)).sort((a, b) => String(b.updatedAt ?? '').localeCompare(String(a.updatedAt ?? '')));
    return ok({ items: presentLedgerEntries(caller, newestFirst) } satisfies Items<LedgerListEntry>);
  },

  /** Chain-wide: a number no patient has belongs to no clinic yet. */
  'GET /sms-replies/unmatched': async (event, caller) => {
    const { limit, cursor } = queryParams(event, paginationQuerySchema);
    return ok(await listUnmatchedReplies(caller.tenantId, limit, cursor));
  },
});
