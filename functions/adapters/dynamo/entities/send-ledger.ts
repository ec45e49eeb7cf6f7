import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * One ledger item per (purpose, patient, occasion), claimed with a conditional write before
 * anything is published (invariant 7). While a retry is due it sits in the retry index (gsi1,
 * sparse); once decided it is listed newest first per automation (gsi2). While claimed it waits
 * for the claim sweep in gsi4, keys only: the handing marker written between claim and outcome
 * then changes no index copy (with ALL, every write to the item rewrites its copy in the index).
 */
export const sendLedgerEntity = defineEntity({
  type: 'message',
  pk: patientPartition,
  sk: 'MSG#{purpose}#{occasion}',
  indexes: {
    retryDue: { index: 'gsi1', pk: 'T#{tenantId}#MSGRETRY', sk: '{retryAt}#{patientId}#{purpose}#{occasion}', needs: 'ALL' },
    byPurpose: { index: 'gsi2', pk: 'T#{tenantId}#MSGLOG#{purpose}', sk: '{at}#{patientId}#{occasion}', needs: 'ALL' },
    claimSweep: { index: 'gsi4', pk: 'T#{tenantId}#MSGCLAIM', sk: '{sweepAt}#{patientId}#{purpose}#{occasion}', needs: 'KEYS_ONLY' },
  },
});
