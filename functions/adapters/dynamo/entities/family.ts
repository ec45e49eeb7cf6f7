import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

export const familyEntity = defineEntity({ type: 'family', pk: tenantPartition, sk: 'FAMILY#{familyId}' });
