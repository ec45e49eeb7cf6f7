import { defineEntity } from './define-entity.js';
import { patientPartition, tenantPartition } from './partitions.js';

/** A coupon definition of the chain (amount or percent off, scope, validity). */
export const couponDefinitionEntity = defineEntity({ type: 'coupon-definition', pk: tenantPartition, sk: 'COUPONDEF#{definitionId}' });

/**
 * An issued coupon in its patient's partition, by its code: a checkout reads it with the patient
 * it already has, so another patient's or another chain's code is simply not there.
 */
export const couponEntity = defineEntity({ type: 'coupon', pk: patientPartition, sk: 'COUPON#{code}' });
