import { defineEntity } from './define-entity.js';

/**
 * A complaint, in its own partition. Listed per clinic newest first (gsi1) and per clinic by
 * status bucket (gsi2: open covers open and in progress); resolving moves it between buckets.
 */
export const complaintEntity = defineEntity({
  type: 'complaint',
  pk: 'T#{tenantId}#COMPLAINT#{complaintId}',
  sk: 'COMPLAINT',
  indexes: {
    byClinic: { index: 'gsi1', pk: 'T#{tenantId}#C#{clinicId}#COMPLAINTS', sk: '{createdAt}#{complaintId}', needs: 'ALL' },
    byStatus: { index: 'gsi2', pk: 'T#{tenantId}#C#{clinicId}#COMPLAINTS#{bucket}', sk: '{createdAt}#{complaintId}', needs: 'ALL' },
  },
});
