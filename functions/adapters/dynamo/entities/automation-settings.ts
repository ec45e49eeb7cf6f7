import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/** The chain's automation settings: one item, versioned. */
export const automationSettingsEntity = defineEntity({ type: 'automation-settings', pk: tenantPartition, sk: 'AUTOMATIONS' });

/** The chain's channel settings (providers, templates, routing): one item, versioned. */
export const channelSettingsEntity = defineEntity({ type: 'channel-settings', pk: tenantPartition, sk: 'CHANNELS' });
