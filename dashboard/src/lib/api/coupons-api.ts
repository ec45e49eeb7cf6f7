/**
 * Coupons and points on the member card (issue 11, items 6–7): one method per route of
 * shared/api-routes/coupons.ts and the points routes of wallet.ts.
 */
import type { z } from 'zod';
import type { pointsResponseSchema } from '$shared/schemas/api-responses';
import type { Coupon, CouponDefinition } from '$shared/schemas/coupons';
import type { HttpClient } from './http-client';
import type { Items } from './types';

export type { Coupon, CouponDefinition };
/** A coupon as listed: roles that do not redeem get the code masked (coupon-service maskedFor). */
export type CouponView = Coupon & { codeMasked?: true };
export type PointsView = z.infer<typeof pointsResponseSchema>;

const seg = encodeURIComponent;

export class CouponsApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  definitions(): Promise<Items<CouponDefinition>> {
    return this.#http.request('GET', '/coupon-definitions');
  }

  patientCoupons(patientId: string): Promise<Items<CouponView>> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/coupons`);
  }

  /** Issued by the caller (staff); the answer carries the new code. */
  issue(patientId: string, definitionId: string): Promise<Coupon> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/coupons`, { body: { definitionId } });
  }

  points(patientId: string): Promise<PointsView> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/points`);
  }
}
