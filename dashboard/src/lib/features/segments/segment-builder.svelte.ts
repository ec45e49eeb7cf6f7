/**
 * The Segments page's state: a handful of builder fields turned into the shared condition
 * schema, a debounced live preview (count, per clinic, sample) and the saved list.
 */
import type { SmileloopApi } from '../../api/smileloop-api';
import type { Condition, ConditionGroup } from '$shared/domain/segments/conditions';
import type { Segment, SegmentPreview } from '$shared/schemas/segments';

export type ActivityChoice = '' | 'active' | 'at-risk' | 'dormant' | 'never-visited';
export type AppointmentChoice = '' | 'yes' | 'no';

export class SegmentBuilder {
  activity = $state<ActivityChoice>('');
  minSpendYuan = $state<number | null>(null);
  rfmGroup = $state('');
  consent = $state(false);
  appointment = $state<AppointmentChoice>('');
  tag = $state('');
  name = $state('');
  preview = $state<SegmentPreview | null>(null);
  counting = $state(false);
  saved = $state<Segment[]>([]);
  error = $state<unknown>(null);
  savedOk = $state(false);
  readonly #api: SmileloopApi;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  conditions(): ConditionGroup {
    const list: Condition[] = [];
    if (this.activity) list.push({ field: 'activity', in: [this.activity] });
    if (this.minSpendYuan !== null && this.minSpendYuan > 0) list.push({ field: 'totalSpend', range: { min: Math.round(this.minSpendYuan * 100) } });
    if (this.rfmGroup) list.push({ field: 'rfmGroup', in: [this.rfmGroup] });
    if (this.consent) list.push({ field: 'marketingConsent', value: true });
    if (this.appointment) list.push({ field: 'upcomingAppointment', value: this.appointment === 'yes' });
    if (this.tag.trim()) list.push({ field: 'tags', match: 'any', in: [this.tag.trim()] });
    return { op: 'and', conditions: list };
  }

  /** Counts again 400 ms after the last change; an older answer never overwrites a newer one. */
  schedule(): void {
    clearTimeout(this.#timer);
    this.savedOk = false;
    this.#timer = setTimeout(() => void this.count(), 400);
  }

  async count(): Promise<void> {
    const asked = ++this.#asked;
    this.counting = true;
    try {
      const preview = await this.#api.previewSegment({ conditions: this.conditions() });
      if (asked === this.#asked) { this.preview = preview; this.error = null; }
    } catch (error) {
      if (asked === this.#asked) this.error = error;
    } finally {
      if (asked === this.#asked) this.counting = false;
    }
  }

  async load(): Promise<void> {
    try { this.saved = (await this.#api.listSegments()).items; } catch (error) { this.error = error; }
  }

  async save(): Promise<void> {
    try {
      const segment = await this.#api.createSegment({ name: this.name.trim(), conditions: this.conditions() });
      this.saved = [segment, ...this.saved];
      this.savedOk = true;
      this.error = null;
    } catch (error) {
      this.error = error;
    }
  }
}
