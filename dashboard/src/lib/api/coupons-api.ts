/**
 * Coupons and points on the member card (issue 11, items 6–7): one method per route of
 * shared/api-routes/coupons.ts and the points routes of wallet.ts.
 */
import type { z } from 'zod';
import type { pointsResponseSchema, pointsRulesResponseSchema } from '$shared/schemas/api-responses';
import type { couponDefinitionInputSchema } from '$shared/schemas/coupons';
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

export type CouponDefinitionBody = z.input<typeof couponDefinitionInputSchema>;
export type PointsRulesView = z.infer<typeof pointsRulesResponseSchema>;

/** The settings page's calls: definitions (owner, manager) and points rules (read: desk roles; write: owner). */
export class OffersApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  define(body: CouponDefinitionBody): Promise<CouponDefinition> {
    return this.#http.request('POST', '/coupon-definitions', { body });
  }

  deactivate(definitionId: string): Promise<CouponDefinition> {
    return this.#http.request('POST', `/coupon-definitions/${seg(definitionId)}/deactivation`);
  }

  pointsRules(): Promise<PointsRulesView> {
    return this.#http.request('GET', '/points/rules');
  }

  /** 409 when someone saved the rules since `expectedVersion` was read. */
  setPointsRules(body: { earnPointsPerYuan: number; spendPointsPerYuan: number; maxSharePercent: number; expectedVersion: number }): Promise<PointsRulesView> {
    return this.#http.request('PUT', '/points/rules', { body });
  }
}
