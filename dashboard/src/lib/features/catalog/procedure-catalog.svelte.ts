import type { SmileloopApi } from '../../api/smileloop-api';
import type { PricedProcedure } from '../../api/types';
import type { Locale } from '../../i18n/i18n.svelte';

/** The clinic's price list (GET /procedures?clinicId): active procedures with the clinic's price. */
export class ProcedureCatalog {
  readonly #api: SmileloopApi;

  items = $state<PricedProcedure[]>([]);
  loaded = $state(false);
  error = $state<unknown>(null);

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  async load(clinicId: string): Promise<void> {
    this.error = null;
    try {
      this.items = (await this.#api.listProcedures(clinicId)).items;
      this.loaded = true;
    } catch (error) {
      this.error = error;
    }
  }

  byId(procedureId: string): PricedProcedure | undefined {
    return this.items.find((p) => p.procedureId === procedureId);
  }

  name(procedureId: string, locale: Locale): string {
    const procedure = this.byId(procedureId);
    if (!procedure) return procedureId;
    return locale === 'en' ? procedure.nameEn : procedure.nameZh;
  }
}

export const procedureName = (p: { nameZh: string; nameEn: string }, locale: Locale): string => (locale === 'en' ? p.nameEn : p.nameZh);
