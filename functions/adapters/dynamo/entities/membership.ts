import { defineEntity } from './define-entity.js';
import { patientPartition, tenantPartition } from './partitions.js';

/** One version of a plan's terms, never changed once written (`version` zero-padded to 4 digits). */
export const planVersionEntity = defineEntity({ type: 'plan-version', pk: tenantPartition, sk: 'PLAN#{planId}#{version}' });

/** The plan's current version: the whole terms, and the version a PUT must name to replace them. */
export const planCurrentEntity = defineEntity({ type: 'plan-current', pk: tenantPartition, sk: 'PLANCUR#{planId}' });

/**
 * A membership, in its holder's partition, with the frozen terms it was sold with. Indexed per
 * chain by end date, so a renewal job reads only the memberships that are due.
 */
export const membershipEntity = defineEntity({
  type: 'membership',
  pk: patientPartition,
  sk: 'MEMBERSHIP#{membershipId}',
  indexes: { byEnd: { index: 'gsi1', pk: 'T#{tenantId}#MEMBERSHIPEND', sk: '{endDate}#{membershipId}', needs: 'ALL' } },
});

/** Where a membership lives, by its id alone (routes name only the membership). */
export const membershipRefEntity = defineEntity({ type: 'membership-ref', pk: tenantPartition, sk: 'MEMBERSHIPREF#{membershipId}' });

/** A family member's link to the card that covers them, in the member's own partition. */
export const memberOfEntity = defineEntity({ type: 'member-of', pk: patientPartition, sk: 'MEMBEROF#{membershipId}' });

/**
 * The membership's entitlement counters (uses per term, latest day per interval service), in
 * the holder's partition: every use and every give-back updates it conditionally, in the same
 * transaction as its ledger row.
 */
export const entitlementCounterEntity = defineEntity({ type: 'entitlement-counter', pk: patientPartition, sk: 'ENTCOUNT#{membershipId}' });

/** One row of the entitlement ledger: a use (count > 0) or its give-back on a void (count < 0). */
export const entitlementUseEntity = defineEntity({ type: 'entitlement-use', pk: patientPartition, sk: 'ENTUSE#{membershipId}#{at}#{useId}' });

/**
 * The "on card" marker of a family member: which card covers them as a family member, until
 * when. One per patient, so a sale (or renewal) that puts someone on a card writes it with the
 * condition that no other active card holds it: two concurrent sales naming the same person
 * cannot both commit.
 */
export const onCardEntity = defineEntity({ type: 'on-card', pk: patientPartition, sk: 'ONCARD' });
