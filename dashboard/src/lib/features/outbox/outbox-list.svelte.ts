import type { SmileloopApi } from '../../api/smileloop-api';
import type { OutboxMessage } from '../../api/types';

export class OutboxList {
  readonly #api: SmileloopApi;

  items = $state<OutboxMessage[]>([]);
  cursor = $state<string | undefined>(undefined);
  loading = $state(false);
  loaded = $state(false);
  error = $state<unknown>(null);

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  get hasMore(): boolean {
    return this.cursor !== undefined;
  }

  async load(more = false): Promise<void> {
    if (this.loading || (more && !this.cursor)) return;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#api.listOutbox({ limit: 50, ...(more && this.cursor ? { cursor: this.cursor } : {}) });
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.cursor = page.cursor || undefined;
      this.loaded = true;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }
}
