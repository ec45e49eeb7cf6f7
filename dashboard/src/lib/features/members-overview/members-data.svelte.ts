/** The Members page's state: the numbers of a range, two paged lists, and the reserve percentage form. */
import type { SmileloopApi } from '../../api/smileloop-api';
import type { MemberListRow, MembersOverview } from './members-types';

export class MembersNumbers {
  data = $state<MembersOverview | null>(null);
  error = $state<unknown>(null);
  loading = $state(false);
  readonly #api: SmileloopApi;
  #range: { from: string; to: string } | null = null;

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  async load(range: { from: string; to: string }): Promise<void> {
    this.#range = range;
    this.loading = true;
    this.error = null;
    try {
      this.data = await this.#api.membersOverview(range);
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  async saveReserve(reservePercent: number): Promise<void> {
    if (!this.data) return;
    this.error = null;
    try {
      await this.#api.setReservePercent({ reservePercent, version: this.data.liability.reserveVersion });
      // The reserve is the server's figure (each clinic's last-quarter balance × the share): read it again.
      if (this.#range) await this.load(this.#range);
    } catch (error) {
      this.error = error;
    }
  }
}

export class MemberRows {
  items = $state<MemberListRow[]>([]);
  loading = $state(false);
  loaded = $state(false);
  error = $state<unknown>(null);
  #cursor: string | undefined;
  readonly #api: SmileloopApi;
  readonly #kind: 'renewals-due' | 'lapsed';

  constructor(api: SmileloopApi, kind: 'renewals-due' | 'lapsed') {
    this.#api = api;
    this.#kind = kind;
  }

  get hasMore(): boolean {
    return this.#cursor !== undefined;
  }

  async load(more = false): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#api.memberList(this.#kind, { limit: 10, ...(more && this.#cursor ? { cursor: this.#cursor } : {}) });
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.#cursor = page.cursor;
      this.loaded = true;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }
}
