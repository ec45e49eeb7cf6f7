import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * One post-treatment care message still to send, per (visit, procedure, care-pathway step).
 * Waits in the due index (sparse) until the send ledger holds it.
 */
export const careMessageEntity = defineEntity({
  type: 'care-message',
  pk: patientPartition,
  sk: 'CAREMSG#{visitId}#{procedureCode}#{stepIndex}',
  indexes: { due: { index: 'gsi1', pk: 'T#{tenantId}#CAREMSGDUE', sk: '{dueAt}#{patientId}#{visitId}#{procedureCode}#{stepIndex}', needs: 'ALL' } },
});
