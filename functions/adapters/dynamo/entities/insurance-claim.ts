import { defineEntity } from './define-entity.js';

/**
 * A commercial-insurance claim (issue 13), in its own partition. Per patient newest first (gsi1);
 * in the clinic's open list (gsi3) only while submitted: closing it removes it there.
 */
export const insuranceClaimEntity = defineEntity({
  type: 'insurance-claim',
  pk: 'T#{tenantId}#CLAIM#{claimId}',
  sk: 'CLAIM',
  indexes: {
    byPatient: { index: 'gsi1', pk: 'T#{tenantId}#P#{patientId}#CLAIMS', sk: '{createdAt}#{claimId}', needs: 'ALL' },
    open: { index: 'gsi3', pk: 'T#{tenantId}#C#{clinicId}#CLAIMSOPEN', sk: '{createdAt}#{claimId}', needs: 'ALL' },
  },
});
