import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/**
 * The chain (tenant). Once onboarding finishes it joins the registry (gsi1 `TENANTS`), the only
 * index partition not under a tenant: scheduled jobs read it to find the chains to work for, and
 * it holds tenant ids only.
 */
export const chainEntity = defineEntity({
  type: 'chain',
  pk: tenantPartition,
  sk: 'CHAIN',
  indexes: { registry: { index: 'gsi1', pk: 'TENANTS', sk: '{tenantId}', needs: 'KEYS_ONLY' } },
});
