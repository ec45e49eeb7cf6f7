/**
 * The saved segments: list, save the builder's conditions under a name, freeze one into a
 * static list, export one as CSV (owner and manager; the API records each export), delete one
 * (a soft delete: campaigns that named it can no longer launch).
 */
import type { SmileloopApi } from '../../api/smileloop-api';
import type { ConditionGroup } from '$shared/domain/segments/conditions';
import type { Segment } from '$shared/schemas/segments';
import { saveBlob } from '../imports/read-file';

export class SavedSegments {
  items = $state<Segment[]>([]);
  error = $state<unknown>(null);
  /** the segment a button is working on, so only its buttons wait */
  busy = $state<string | null>(null);
  savedOk = $state(false);
  /** the last export's row count, for the status line */
  exported = $state<{ segmentId: string; rows: number } | null>(null);
  readonly #api: SmileloopApi;

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    try { this.items = (await this.#api.listSegments()).items; } catch (error) { this.error = error; }
  }

  /** Answers the error so the builder can place field errors at their rows. */
  async save(name: string, conditions: ConditionGroup): Promise<unknown> {
    this.savedOk = false;
    try {
      const segment = await this.#api.createSegment({ name, conditions });
      this.items = [segment, ...this.items];
      this.savedOk = true;
      this.error = null;
      return null;
    } catch (error) {
      return error;
    }
  }

  async #act(segmentId: string, work: () => Promise<void>): Promise<void> {
    this.busy = segmentId;
    try { await work(); this.error = null; } catch (error) { this.error = error; } finally { this.busy = null; }
  }

  freeze(segmentId: string): Promise<void> {
    return this.#act(segmentId, async () => {
      const frozen = await this.#api.freezeSegment(segmentId);
      this.items = this.items.map((s) => (s.segmentId === segmentId ? frozen : s));
    });
  }

  remove(segmentId: string): Promise<void> {
    return this.#act(segmentId, async () => {
      await this.#api.deleteSegment(segmentId);
      this.items = this.items.filter((s) => s.segmentId !== segmentId);
    });
  }

  export(segmentId: string): Promise<void> {
    return this.#act(segmentId, async () => {
      const file = await this.#api.exportSegment(segmentId);
      saveBlob(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }), file.fileName);
      this.exported = { segmentId, rows: file.rows };
    });
  }
}
