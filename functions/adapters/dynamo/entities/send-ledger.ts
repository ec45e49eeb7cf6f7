import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * One ledger item per (purpose, patient, occasion), claimed with a conditional write before
 * anything is published (invariant 7). While a retry is due it sits in the retry index (gsi1,
 * sparse). Its place in its automation's list (gsi4, keys only) is set once, at the first
 * decision, and moved only when the occasion is claimed again: the claim sweep reads the same
 * list by claim time from where its last run stopped (claim-recovery.ts), so no index entry is
 * written for a claim and removed for its outcome, and the outcome (status, message id,
 * decisions) rewrites no index copy. The list page reads the entries' items by key.
 * Items written before the list moved to gsi4 keep their gsi2 copy (`byPurposeBefore`).
 */
export const sendLedgerEntity = defineEntity({
  type: 'message',
  pk: patientPartition,
  sk: 'MSG#{purpose}#{occasion}',
  indexes: {
    retryDue: { index: 'gsi1', pk: 'T#{tenantId}#MSGRETRY', sk: '{retryAt}#{patientId}#{purpose}#{occasion}', needs: 'ALL' },
    byPurposeBefore: { index: 'gsi2', pk: 'T#{tenantId}#MSGLOG#{purpose}', sk: '{at}#{patientId}#{occasion}', needs: 'ALL' },
    byPurpose: { index: 'gsi4', pk: 'T#{tenantId}#MSGLIST#{purpose}', sk: '{at}#{patientId}#{occasion}', needs: 'KEYS_ONLY' },
  },
});

/**
 * Which ledger item a provider's message id belongs to, for the providers whose delivery reports
 * name only their own id (Tencent Cloud SMS's `sid`): written once the provider accepted the
 * message, read by key when its report comes, gone by TTL a week later. Alibaba's reports carry our
 * reference (`out_id`) and need none.
 */
export const providerMessageEntity = defineEntity({ type: 'provider-message', pk: 'T#{tenantId}#PMSG#{channel}#{providerMessageId}', sk: 'REF' });
