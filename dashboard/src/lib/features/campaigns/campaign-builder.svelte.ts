/**
 * The campaign wizard's state: the draft, the saved segments with their live counts, the coupon
 * types, a debounced preview (SMS parts, medical words, sample size for the holdout), and saving
 * (create or update, then submit). Field errors from the API land on their field and open the
 * step that shows it.
 */
import type { Campaign, CampaignPreview, CampaignsApi } from '../../api/campaigns-api';
import type { CouponDefinition } from '../../api/coupons-api';
import type { SmileloopApi } from '../../api/smileloop-api';
import { FieldErrors } from '../../forms/field-errors.svelte';
import type { Segment, SegmentPreview } from '$shared/schemas/segments';
import { bodyOf, draftOf, emptyDraft, stepOfPath, type CampaignDraft, type WizardStep } from './campaign-draft';

export class CampaignBuilder {
  draft = $state<CampaignDraft>(emptyDraft());
  step = $state<WizardStep>('audience');
  segments = $state<Segment[]>([]);
  audience = $state<SegmentPreview | null>(null);
  counting = $state(false);
  coupons = $state<CouponDefinition[]>([]);
  preview = $state<CampaignPreview | null>(null);
  /** the texts the preview was asked about: its problems show only while the text is still that */
  previewedTemplates = $state<string[]>([]);
  saved = $state<Campaign | null>(null);
  saving = $state(false);
  failure = $state<unknown>(null);
  readonly errors = new FieldErrors();
  readonly #api: SmileloopApi;
  readonly #timeZone: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;

  constructor(api: SmileloopApi, timeZone: string) {
    this.#api = api;
    this.#timeZone = timeZone;
  }

  get #campaigns(): CampaignsApi {
    return this.#api.campaigns;
  }

  async load(campaignId: string | null): Promise<void> {
    try {
      const [segments, coupons, campaign] = await Promise.all([
        this.#api.listSegments(),
        this.#api.coupons.definitions().catch(() => ({ items: [] })),
        campaignId ? this.#campaigns.get(campaignId) : Promise.resolve(null),
      ]);
      this.segments = segments.items;
      this.coupons = coupons.items.filter((c) => c.active);
      if (campaign) { this.saved = campaign; this.draft = draftOf(campaign, this.#timeZone); }
      await this.countAudience();
      this.schedulePreview();
    } catch (error) {
      this.failure = error;
    }
  }

  /** The chosen segment's live count and sample (the same preview the Segments page shows). */
  async countAudience(): Promise<void> {
    const segment = this.segments.find((s) => s.segmentId === this.draft.segmentId);
    this.audience = null;
    if (!segment) return;
    this.counting = true;
    try {
      this.audience = await this.#api.previewSegment({ conditions: segment.conditions });
    } catch (error) {
      this.failure = error;
    } finally {
      this.counting = false;
    }
  }

  /** Checks the texts and the holdout's sample size 300 ms after the last change. */
  schedulePreview(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.runPreview(), 300);
  }

  async runPreview(): Promise<void> {
    const asked = ++this.#asked;
    const variants = this.draft.variants.map((v) => ({ key: v.key, percent: v.percent, template: v.template.trim() || ' ' }));
    try {
      const preview = await this.#campaigns.preview({ variants, holdoutPercent: this.draft.holdoutPercent, ...(this.audience ? { audienceSize: this.audience.count } : {}) });
      if (asked === this.#asked) { this.preview = preview; this.previewedTemplates = variants.map((v) => v.template); }
    } catch {
      // a half-typed draft the schema refuses: the last good preview stays; saving names the field
    }
  }

  #fail(error: unknown): void {
    if (this.errors.setFromApi(error)) {
      const first = this.errors.unplaced([])[0];
      if (first) this.step = stepOfPath(first[0]);
    } else this.failure = error;
  }

  /** Creates the draft or saves the changes; true when it was saved. */
  async save(): Promise<boolean> {
    this.saving = true;
    this.failure = null;
    this.errors.clear();
    try {
      const body = bodyOf(this.draft, this.#timeZone);
      this.saved = this.saved ? await this.#campaigns.update(this.saved.campaignId, { ...body, version: this.saved.version }) : await this.#campaigns.create(body);
      return true;
    } catch (error) {
      this.#fail(error);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Saves, then sends it for approval (or schedules it when the owner turned approval off). */
  async submit(): Promise<Campaign | null> {
    if (!(await this.save()) || !this.saved) return null;
    this.saving = true;
    try {
      this.saved = await this.#campaigns.act(this.saved.campaignId, 'submit');
      return this.saved;
    } catch (error) {
      this.#fail(error);
      return null;
    } finally {
      this.saving = false;
    }
  }
}
