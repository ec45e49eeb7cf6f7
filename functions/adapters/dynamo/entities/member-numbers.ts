import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/**
 * The owner's membership and stored-value counters of one clinic's month (shared/domain/members/
 * numbers.ts), ADDed in the transactions that change memberships and wallets. One partition per
 * clinic, sorted by month: the Members page reads a window of months, never the whole history.
 */
export const memberMonthEntity = defineEntity({ type: 'member-month', pk: 'T#{tenantId}#MEMBERKPI#{clinicId}', sk: 'MONTH#{month}' });

/** Running stored-value balances of a clinic's patients, and the term lengths sold there. */
export const memberBalanceEntity = defineEntity({ type: 'member-balance', pk: tenantPartition, sk: 'MEMBERBAL#{clinicId}' });

/** The chain's reserve percentage for prepaid money (owner-set, 20–40). */
export const memberSettingsEntity = defineEntity({ type: 'member-settings', pk: tenantPartition, sk: 'MEMBERSETTINGS' });

/** The nightly member figures (shared/domain/members/usage.ts): one item, rewritten each night. */
export const memberUsageEntity = defineEntity({ type: 'member-usage', pk: tenantPartition, sk: 'MEMBERUSAGE' });
