import { defineEntity } from './define-entity.js';
import { patientPartition, tenantPartition } from './partitions.js';

/** One version of a pack product's terms, never changed once written (`version` zero-padded to 4 digits). */
export const packProductVersionEntity = defineEntity({ type: 'pack-product-version', pk: tenantPartition, sk: 'PACKPROD#{productId}#{version}' });

/** The pack product's current version: the whole terms, and the version a PUT must name to replace them. */
export const packProductCurrentEntity = defineEntity({ type: 'pack-product-current', pk: tenantPartition, sk: 'PACKPRODCUR#{productId}' });

/** A visit pack sold, in its patient's partition, with the frozen terms and its `remaining` counter. */
export const packEntity = defineEntity({ type: 'pack', pk: patientPartition, sk: 'PACK#{packId}' });

/** Where a pack lives, by its id alone (routes name only the pack). */
export const packRefEntity = defineEntity({ type: 'pack-ref', pk: tenantPartition, sk: 'PACKREF#{packId}' });

/** One row of a pack's ledger: a use (count > 0), its give-back on a void (count < 0), the sale or the refund. */
export const packLedgerEntity = defineEntity({ type: 'pack-ledger', pk: patientPartition, sk: 'PACKLEDGER#{packId}#{at}#{rowId}' });

/**
 * The owner's visit-pack liability of one clinic (the unearned value of the uses left), ADDed in
 * the transactions that sell, use, give back or refund a pack: apart from the member balance
 * item, so a checkout paid by stored value never touches one item twice.
 */
export const packBalanceEntity = defineEntity({ type: 'pack-balance', pk: tenantPartition, sk: 'PACKBAL#{clinicId}' });

/**
 * Visit packs outstanding per clinic at a quarter's end (`c.<clinicId>` = unearned fen), recorded
 * once by the first daily run of the next quarter: the liability's reserve is a share of last
 * quarter's prepaid balance, and the running pack balance cannot be read back in time.
 */
export const packQuarterEntity = defineEntity({ type: 'pack-quarter', pk: tenantPartition, sk: 'PACKQUARTER#{month}' });
