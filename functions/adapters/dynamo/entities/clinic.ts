import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

export const clinicEntity = defineEntity({ type: 'clinic', pk: tenantPartition, sk: 'CLINIC#{clinicId}' });
