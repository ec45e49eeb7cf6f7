import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * One ledger item per (purpose, patient, occasion), claimed with a conditional write before
 * anything is published (invariant 7). While a retry is due it sits in the retry index (gsi1,
 * sparse); once decided it is listed newest first per automation (gsi2).
 */
export const sendLedgerEntity = defineEntity({
  type: 'message',
  pk: patientPartition,
  sk: 'MSG#{purpose}#{occasion}',
  indexes: {
    retryDue: { index: 'gsi1', pk: 'T#{tenantId}#MSGRETRY', sk: '{retryAt}#{patientId}#{purpose}#{occasion}', needs: 'ALL' },
    byPurpose: { index: 'gsi2', pk: 'T#{tenantId}#MSGLOG#{purpose}', sk: '{at}#{patientId}#{occasion}', needs: 'ALL' },
  },
});
