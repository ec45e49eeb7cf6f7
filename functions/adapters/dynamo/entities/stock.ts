/**
 * Consumables stock (耗材). The chain's stock items, bills of materials, every clinic's levels,
 * count totals and the job's alerts share one partition apart from the tenant's own, so the
 * low-stock job reads items and levels in two queries (about one item read per level) and the
 * clinic and staff reads never page past them. Movements (the ledger) live in one partition per
 * clinic, newest last by instant.
 */
import { defineEntity } from './define-entity.js';

const stockPartition = 'T#{tenantId}#STOCK' as const;
const clinicStockPartition = 'T#{tenantId}#STOCK#{clinicId}' as const;

/** A consumable the chain stocks: name, unit (countable or measured), reorder hint, unit cost. */
export const stockItemEntity = defineEntity({ type: 'stock-item', pk: stockPartition, sk: 'ITEM#{itemId}' });

/** A procedure's bill of materials: what one of it uses, deducted at checkout. */
export const stockBomEntity = defineEntity({ type: 'stock-bom', pk: stockPartition, sk: 'BOM#{procedureId}' });

/** A clinic's stock of one item: on hand, version, and the last 30 days' usage per day (stock-ledger.ts). */
export const stockLevelEntity = defineEntity({ type: 'stock-level', pk: stockPartition, sk: 'LEVEL#{clinicId}#{itemId}' });

/** A month's count totals at a clinic for one item (expected, short, over), ADDed by each count. */
export const stockLossEntity = defineEntity({ type: 'stock-loss', pk: stockPartition, sk: 'LOSS#{clinicId}#{month}#{itemId}' });

/** The low-stock job's alert for a day: claimed once, so a redelivered run alerts once. */
export const stockAlertEntity = defineEntity({ type: 'stock-alert', pk: stockPartition, sk: 'ALERT#{day}' });

/** One row of a clinic's stock ledger. */
export const stockMovementEntity = defineEntity({ type: 'stock-movement', pk: clinicStockPartition, sk: 'MOV#{at}#{movementId}' });

/** A manual movement's request id: a retried or double-tapped entry records one movement. */
export const stockRequestEntity = defineEntity({ type: 'stock-request', pk: clinicStockPartition, sk: 'REQ#{requestId}' });
