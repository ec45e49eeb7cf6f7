/** Planning (issue 13): monthly targets per clinic, figures per staff member, staffing by hour. Paths match shared/api-routes/plan.ts. */
import type { PerformanceView, StaffingView, TargetsUpdate, TargetsView } from '$shared/schemas/plan';
import type { HttpClient } from './http-client';

export type { ClinicTargets, PerformanceView, StaffingView, TargetsUpdate, TargetsView } from '$shared/schemas/plan';
export type { MeasureProgress, TargetMeasure } from '$shared/domain/plan/targets';
export type { StaffingAdvice, StaffingCell } from '$shared/domain/plan/staffing';

const seg = encodeURIComponent;

export class PlanApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** Every clinic the caller sees, with the month's progress (owner and manager). */
  targets(month: string): Promise<TargetsView> {
    return this.#http.request('GET', '/targets', { query: { month } });
  }

  /** The owner's targets for one clinic and month, at the version read; null removes a target. */
  setTargets(clinicId: string, month: string, update: TargetsUpdate): Promise<{ clinicId: string; month: string; version: number }> {
    return this.#http.request('PUT', `/targets/${seg(clinicId)}/${seg(month)}`, { body: update });
  }

  performance(month: string, clinicId?: string): Promise<PerformanceView> {
    return this.#http.request('GET', '/performance', { query: { month, ...(clinicId ? { clinicId } : {}) } });
  }

  staffing(clinicId: string): Promise<StaffingView> {
    return this.#http.request('GET', '/staffing', { query: { clinicId } });
  }
}
