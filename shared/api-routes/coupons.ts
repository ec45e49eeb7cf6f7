import { route, type RouteDefinition } from './route-definition.js';

/**
 * Coupons (优惠券, issue 11 item 6): definitions (owner/manager), issuing to a patient (front desk,
 * manager, marketing), the patient's coupons. Served by the wallet area's function: money off and
 * money on the card are read and changed by the same people.
 */
export const couponRoutes: RouteDefinition[] = [
  route('GET', '/coupon-definitions', 'wallet', 'coupons:read'),
  route('POST', '/coupon-definitions', 'wallet', 'coupons:define'),
  route('GET', '/patients/{patientId}/coupons', 'wallet', 'coupons:read'),
  route('POST', '/patients/{patientId}/coupons', 'wallet', 'coupons:issue'),
  route('GET', '/patients/{patientId}/coupons/{code}', 'wallet', 'coupons:read'),
  route('POST', '/coupon-definitions/{definitionId}/deactivation', 'wallet', 'coupons:define'),
];
