import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * One part of an installment plan (`part` zero-padded to 2 digits). In the reminder queue (gsi1)
 * only while unpaid and not yet reminded: whatever marks a part paid also removes it there.
 */
export const installmentEntity = defineEntity({
  type: 'installment',
  pk: patientPartition,
  sk: 'INSTALLMENT#{visitId}#{part}',
  indexes: { due: { index: 'gsi1', pk: 'T#{tenantId}#INSTALLMENTDUE', sk: '{dueDate}#{patientId}#{visitId}#{n}', needs: 'ALL' } },
});

export const installmentPartLabel = (n: number): string => String(n).padStart(2, '0');
