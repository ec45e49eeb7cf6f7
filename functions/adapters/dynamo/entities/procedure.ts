import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

export const procedureEntity = defineEntity({ type: 'procedure', pk: tenantPartition, sk: 'PROC#{procedureId}' });

/** Claims a procedure code once per chain. */
export const procedureCodeEntity = defineEntity({ type: 'procedure-code', pk: tenantPartition, sk: 'PROCCODE#{code}' });
