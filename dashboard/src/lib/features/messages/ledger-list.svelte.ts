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
  /** the filters: a status, and decision days (in the chain's zone); '' for any */
  status = $state('');
  from = $state('');
  to = $state('');

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
      const filters = { ...(this.status ? { status: this.status } : {}), ...(this.from ? { from: this.from } : {}), ...(this.to ? { to: this.to } : {}) };
      const page = await this.#api.listMessages(this.purpose, { limit: 50, ...filters, ...(more && this.cursor ? { cursor: this.cursor } : {}) });
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
