import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * What the patient's visits add up to (count, spend, first and last visit), versioned so that
 * concurrent checkouts cannot both apply. Indexed by the day of the last visit: the reactivation
 * job finds dormant patients there instead of scanning.
 */
export const patientSummaryEntity = defineEntity({
  type: 'patient-summary',
  pk: patientPartition,
  sk: 'SUMMARY',
  indexes: { byLastVisit: { index: 'gsi1', pk: 'T#{tenantId}#LASTVISIT', sk: '{lastVisitDay}#{patientId}', needs: 'ALL' } },
});
