import { defineEntity } from './define-entity.js';

/**
 * The other key outside every tenant: which chain a reply number belongs to. An inbound SMS
 * carries only the two phone numbers, so the tenant must be found before any tenant key can be
 * built. The item holds the tenant id only, and is written by that chain's owner.
 */
export const inboundNumberEntity = defineEntity({ type: 'inbound-number', pk: 'INBOUND#{number}', sk: 'ROUTE' });

/** Replies from numbers no patient of the chain has, newest first, for the front desk. */
export const unmatchedReplyEntity = defineEntity({ type: 'unmatched-reply', pk: 'T#{tenantId}#SMSIN#UNMATCHED', sk: '{receivedAt}#{inboundMessageId}' });
