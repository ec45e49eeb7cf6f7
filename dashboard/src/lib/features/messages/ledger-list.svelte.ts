import type { SmileloopApi } from '../../api/smileloop-api';
import type { LedgerListEntry, MessagePurpose } from '../../api/types';

/** One automation's send ledger, newest first, a page at a time. */
export class LedgerList {
  readonly #api: SmileloopApi;
  readonly purpose: MessagePurpose;

  items = $state<LedgerListEntry[]>([]);
  cursor = $state<string | undefined>(undefined);
  loading = $state(false);
  loaded = $state(false);
  error = $state<unknown>(null);

  constructor(api: SmileloopApi, purpose: MessagePurpose) {
    this.#api = api;
    this.purpose = purpose;
  }

  get hasMore(): boolean {
    return this.cursor !== undefined;
  }

  async load(more = false): Promise<void> {
    if (this.loading || (more && !this.cursor)) return;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#api.listMessages(this.purpose, { limit: 50, ...(more && this.cursor ? { cursor: this.cursor } : {}) });
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
