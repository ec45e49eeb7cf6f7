import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/** A follow-up task. Pending ones (open or escalated) sit in their clinic's sparse due index. */
export const taskEntity = defineEntity({
  type: 'task',
  pk: patientPartition,
  sk: 'TASK#{taskId}',
  indexes: { openByClinic: { index: 'gsi1', pk: 'T#{tenantId}#C#{clinicId}#TASKS#open', sk: '{dueAt}#{taskId}', needs: 'ALL' } },
});
