import { keyTemplate } from './key-template.js';
/**
 * The partitions entities share. Every clinic-data key begins with `T#<tenantId>` (invariant 1),
 * so no query built from these can reach another chain, whatever ids a caller sends.
 */
/** The chain's own items: settings, clinics, staff, catalog, job runs. */
export const tenantPartition = 'T#{tenantId}' as const;
/** One item collection per patient: profile, summary, visits, tasks, appointments, messages. */
export const patientPartition = 'T#{tenantId}#P#{patientId}' as const;
/** Per phone number: the opt-out and the one-message-per-shared-phone claims. */
export const phonePartition = 'T#{tenantId}#PHONE#{phone}' as const;

const tenantRoot = keyTemplate(tenantPartition);
/** `T#<tenantId>`: what every key of the tenant starts with; cursors are checked against it. */
export const tenantPrefix = (tenantId: string): string => tenantRoot.fill({ tenantId });
