import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * One automation's decision for one patient and occasion while its holdout is on (issue 12,
 * item 6): held out or treated, claimed with a conditional put so concurrent runs record it once.
 * In the patient's partition for the profile; listed per automation (gsi1) for the results.
 */
export const automationAssignmentEntity = defineEntity({
  type: 'automation-assignment',
  pk: patientPartition,
  sk: 'AUTOARM#{automation}#{occasion}',
  indexes: {
    byAutomation: { index: 'gsi1', pk: 'T#{tenantId}#AUTOARM#{automation}', sk: '{assignedAt}#{patientId}#{occasion}', needs: 'ALL' },
  },
});
