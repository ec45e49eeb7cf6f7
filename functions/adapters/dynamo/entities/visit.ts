import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/** A visit, sorted by when it happened within the patient's partition. */
export const visitEntity = defineEntity({ type: 'visit', pk: patientPartition, sk: 'VISIT#{visitedAt}#{visitId}' });

/** Claims a checkout's idempotency key: a retried checkout finds the visit it already made. */
export const checkoutKeyEntity = defineEntity({ type: 'checkout-key', pk: patientPartition, sk: 'CHECKOUTKEY#{key}' });
