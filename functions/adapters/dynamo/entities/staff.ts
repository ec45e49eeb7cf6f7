import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/** Staff are keyed by email: an invitation claims the email before the identity exists. */
export const staffEntity = defineEntity({ type: 'staff', pk: tenantPartition, sk: 'STAFF#{email*}' });
