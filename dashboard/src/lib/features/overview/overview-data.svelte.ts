/**
 * What the overview reads: the rollup overview for the range and clinic, and the nightly
 * patient-base snapshot for the clinic. A later filter change wins over an answer still on
 * its way (each load takes a ticket; stale answers are dropped).
 */
import { ApiError } from '../../api/api-error';
import type { SmileloopApi } from '../../api/smileloop-api';
import type { KpiOverview, PatientBaseView } from '../../api/types';
import type { DayRange } from './overview-range';

/** A snapshot is there only once the nightly job has run: `asOf` is its proof. */
export const hasSnapshot = (base: PatientBaseView | null): base is PatientBaseView => base !== null && base.empty !== true && typeof base.asOf === 'string' && base.asOf !== '';

export class OverviewData {
  readonly #api: SmileloopApi;
  overview = $state<KpiOverview | null>(null);
  base = $state<PatientBaseView | null>(null);
  loadingOverview = $state(false);
  loadingBase = $state(false);
  overviewError = $state<unknown>(null);
  baseError = $state<unknown>(null);
  #overviewTicket = 0;
  #baseTicket = 0;

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  async loadOverview(range: DayRange, clinicId: string): Promise<void> {
    const ticket = ++this.#overviewTicket;
    this.loadingOverview = true;
    this.overviewError = null;
    try {
      const overview = await this.#api.kpiOverview({ ...range, ...(clinicId ? { clinicId } : {}) });
      if (ticket === this.#overviewTicket) this.overview = overview;
    } catch (error) {
      if (ticket === this.#overviewTicket) this.overviewError = error;
    } finally {
      if (ticket === this.#overviewTicket) this.loadingOverview = false;
    }
  }

  async loadBase(clinicId: string): Promise<void> {
    const ticket = ++this.#baseTicket;
    this.loadingBase = true;
    this.baseError = null;
    try {
      const base = await this.#api.kpiPatientBase(clinicId || undefined);
      if (ticket === this.#baseTicket) this.base = base;
    } catch (error) {
      if (ticket !== this.#baseTicket) return;
      // the API answers "no snapshot yet" with `empty: true`; a 404 gets the same friendly state
      if (error instanceof ApiError && error.status === 404) this.base = null;
      else this.baseError = error;
    } finally {
      if (ticket === this.#baseTicket) this.loadingBase = false;
    }
  }
}
