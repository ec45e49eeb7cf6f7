import { defineEntity } from './define-entity.js';

/**
 * A clinic's targets for one month (issue 13). One partition per chain and month, so the month's
 * targets of every clinic come back in one query; versioned (invariant 11).
 */
export const clinicTargetEntity = defineEntity({ type: 'clinic-target', pk: 'T#{tenantId}#TARGETS#{month}', sk: 'CLINIC#{clinicId}' });
