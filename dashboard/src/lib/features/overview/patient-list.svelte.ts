/** The patients behind one number, page by page (GET /kpi/patients?list=…). */
import type { SmileloopApi } from '../../api/smileloop-api';
import type { KpiListColumn, KpiPatientDetail, Patient } from '../../api/types';

/** What a click on a number asks for: the API's list key and the count it showed. */
export type ListRequest = { title: string; list: string; count: number | null; clinicId: string };

export class KpiPatientList {
  readonly #api: SmileloopApi;
  readonly #request: ListRequest;
  items = $state<Patient[]>([]);
  /** what each row shows beside the patient, as the API chose for this list */
  columns = $state<KpiListColumn[]>(['clinic']);
  details = $state<Record<string, KpiPatientDetail>>({});
  cursor = $state<string | undefined>(undefined);
  /** how many patients the whole list holds, as the API counts them */
  total = $state<number | null>(null);
  /** ids the API held back (merged away, or of a clinic this user does not see) */
  withheld = $state(0);
  loading = $state(false);
  loaded = $state(false);
  error = $state<unknown>(null);

  constructor(api: SmileloopApi, request: ListRequest) {
    this.#api = api;
    this.#request = request;
  }

  get hasMore(): boolean {
    return this.cursor !== undefined;
  }

  async load(more = false): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#api.kpiPatients({
        list: this.#request.list,
        ...(this.#request.clinicId ? { clinicId: this.#request.clinicId } : {}),
        limit: 50,
        ...(more && this.cursor ? { cursor: this.cursor } : {}),
      });
      this.items = more ? [...this.items, ...page.items] : page.items;
      // an API from before the columns existed answers without them: the clinic column still shows
      this.columns = page.columns ?? ['clinic'];
      this.details = more ? { ...this.details, ...page.details } : (page.details ?? {});
      this.cursor = page.cursor;
      this.total = page.total;
      this.withheld = more ? this.withheld + page.withheld : page.withheld;
      this.loaded = true;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }
}

/** What a number on the page calls to open its patients: a title and the API's count with its list key. */
export type OpenList = (title: string, count: { count: number; list: string }) => void;
