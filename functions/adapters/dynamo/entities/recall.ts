import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * The patient's recall due date per procedure group. In the outreach queue (gsi1) by the day
 * something may next be due for it (recall-outreach.ts); the job moves it along or out.
 */
export const recallEntity = defineEntity({
  type: 'recall',
  pk: patientPartition,
  sk: 'RECALL#{group}',
  indexes: { due: { index: 'gsi1', pk: 'T#{tenantId}#RECALLDUE', sk: '{queueDay}#{patientId}#{group}', needs: 'ALL' } },
});
