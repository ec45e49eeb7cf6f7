import { defineEntity } from './define-entity.js';
import { patientPartition, tenantPartition } from './partitions.js';

/** A points account (积分) in its owner's partition: the lots (earn day, expiry, left) and a version. */
export const pointsAccountEntity = defineEntity({ type: 'points-account', pk: patientPartition, sk: 'POINTSACCOUNT' });

/** One row per change of the account, sorted by time. */
export const pointsLedgerEntity = defineEntity({ type: 'points-ledger', pk: patientPartition, sk: 'POINTSLEDGER#{at}#{entryId}' });

/** The chain's earn rate, spend value and cap, versioned. */
export const pointsRulesEntity = defineEntity({ type: 'points-rules', pk: tenantPartition, sk: 'POINTSRULES' });
