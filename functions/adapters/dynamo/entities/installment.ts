import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * One part of an installment plan (`part` zero-padded to 2 digits). In the reminder queue (gsi1)
 * only while unpaid and not yet reminded, in the open list (gsi2) while unpaid: whatever marks a
 * part paid or void removes it from both.
 */
export const installmentEntity = defineEntity({
  type: 'installment',
  pk: patientPartition,
  sk: 'INSTALLMENT#{visitId}#{part}',
  indexes: {
    due: { index: 'gsi1', pk: 'T#{tenantId}#INSTALLMENTDUE', sk: '{dueDate}#{patientId}#{visitId}#{n}', needs: 'ALL' },
    // Every unpaid part per clinic by due date, reminded or not: the overdue list reads up to yesterday.
    open: { index: 'gsi2', pk: 'T#{tenantId}#C#{clinicId}#INSTALLMENTOPEN', sk: '{dueDate}#{patientId}#{visitId}#{n}', needs: 'ALL' },
  },
});

export const installmentPartLabel = (n: number): string => String(n).padStart(2, '0');
