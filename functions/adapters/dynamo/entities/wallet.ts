import { defineEntity } from './define-entity.js';
import { patientPartition, tenantPartition } from './partitions.js';

/** A patient's stored-value balances (principal and bonus apart) with a version, beside the ledger. */
export const walletAccountEntity = defineEntity({ type: 'wallet-account', pk: patientPartition, sk: 'WALLETACCOUNT' });

/** One row per change, in the account's partition, sorted by time; the balances are their sum. */
export const walletLedgerEntity = defineEntity({ type: 'wallet-ledger', pk: patientPartition, sk: 'WALLETLEDGER#{at}#{entryId}' });

/** Claims a wallet request's idempotency key: a retried top-up finds the entry it already wrote. */
export const walletKeyEntity = defineEntity({ type: 'wallet-key', pk: patientPartition, sk: 'WALLETKEY#{key}' });

/** The chain's top-up bonus tiers and debit order, versioned. */
export const walletRulesEntity = defineEntity({ type: 'wallet-rules', pk: tenantPartition, sk: 'WALLETRULES' });

/**
 * A day on which some bonus of this patient may lapse (a top-up's last valid day, or a void that
 * gave bonus back). The daily members job reads the chain's markers up to yesterday, lapses what
 * the ledger's lots say has lapsed, and deletes the marker in the same transaction.
 */
export const walletBonusExpiryEntity = defineEntity({ type: 'wallet-bonus-expiry', pk: tenantPartition, sk: 'WALLETEXPIRY#{day}#{patientId}#{entryId}' });
