/**
 * One page of an automation's messages for the Messages page: optionally only one status and a
 * range of decision days (days in the chain's zone), each entry with its patient's name (a
 * marketing role sees the surname only, as it sees masked numbers), as the caller may see it:
 * not the recipients of a campaign or event aimed by treatment, for roles that may not learn treatments.
 */
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import { presentLedgerEntries } from '../../shared/domain/messaging/ledger-view.js';
import { addDays, defaultTimeZone } from '../../shared/domain/time.js';
import type { Page } from '../../shared/schemas/common.js';
import type { LedgerListEntry, LedgerListQuery } from '../../shared/schemas/messages.js';
import { patientNames } from './patient-names.js';
import { firstShownPage } from './filtered-page.js';
import { audiencesHiddenFrom, outsideHidden } from './treatment-aimed.js';
import { listLedgerByPurpose } from '../adapters/dynamo/send-ledger-repository.js';

export const ledgerPage = async (caller: Caller, query: LedgerListQuery, timeZone = defaultTimeZone): Promise<Page<LedgerListEntry>> => {
  const range = {
    ...(query.from ? { from: instantOnLocalDay(query.from, timeZone) } : {}),
    ...(query.to ? { before: instantOnLocalDay(addDays(query.to, 1), timeZone) } : {}),
  };
  // Every purpose: an event's notices (member-event) and its feedback link (survey) name its people too.
  const told = outsideHidden(await audiencesHiddenFrom(caller));
  const page = await firstShownPage(
    (cursor) => listLedgerByPurpose(caller.tenantId, query.purpose, query.limit, cursor, range),
    (entry) => canSeeClinic(caller, entry.clinicId) && (!query.status || entry.status === query.status) && told(entry),
    query.cursor,
  );
  const visible = page.items;
  const names = await patientNames(caller.tenantId, visible.map((e) => e.patientId), caller.role);
  const named = visible.map((entry) => {
    const name = names.get(entry.patientId);
    return name ? { ...entry, patientName: name } : entry;
  });
  return { ...page, items: presentLedgerEntries(caller, named) };
};
