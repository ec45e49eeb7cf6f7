import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/** The chain's automation settings: one item, versioned. */
export const automationSettingsEntity = defineEntity({ type: 'automation-settings', pk: tenantPartition, sk: 'AUTOMATIONS' });
