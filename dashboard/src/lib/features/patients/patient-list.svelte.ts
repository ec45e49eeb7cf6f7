import type { SmileloopApi } from '../../api/smileloop-api';
import type { Patient } from '../../api/types';

export type PatientListQuery = { clinicId?: string; q?: string; segmentId?: string };

/** One list of patients, page by page; a newer query wins over answers to an older one. */
export class PatientList {
  readonly #api: SmileloopApi;
  #query: PatientListQuery = {};
  #generation = 0;

  items = $state<Patient[]>([]);
  cursor = $state<string | undefined>(undefined);
  loading = $state(false);
  error = $state<unknown>(null);

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  get hasMore(): boolean {
    return this.cursor !== undefined;
  }

  load(query: PatientListQuery): Promise<void> {
    this.#query = query;
    this.#generation += 1;
    this.items = [];
    this.cursor = undefined;
    return this.#fetch(this.#generation, undefined);
  }

  loadMore(): Promise<void> {
    if (!this.cursor || this.loading) return Promise.resolve();
    return this.#fetch(this.#generation, this.cursor);
  }

  async #fetch(generation: number, cursor: string | undefined): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#api.listPatients({ ...this.#query, ...(cursor ? { cursor } : {}) });
      if (generation !== this.#generation) return;
      this.items = cursor ? [...this.items, ...page.items] : page.items;
      this.cursor = page.cursor || undefined;
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
