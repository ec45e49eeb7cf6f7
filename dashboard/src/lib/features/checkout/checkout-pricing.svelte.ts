/**
 * The server's price for the checkout being typed: the page asks POST …/visits/preview (the
 * checkout's own pricing: card coverage, member discount, coupon) a moment after the lines or the
 * coupon change, and offers 结账 only against that total. An answer for an older draft is dropped.
 */
import { checkoutPreviewSchema, type CheckoutPreview, type CheckoutPreviewInput } from '$shared/schemas/visit';
import type { SmileloopApi } from '../../api/smileloop-api';
import { FieldErrors } from '../../forms/field-errors.svelte';

/** none: the draft is not complete or valid yet, so nothing can be priced; failed: the server refused it. */
export type PricingStatus = 'none' | 'pending' | 'fresh' | 'failed';

export class CheckoutPricing {
  readonly #api: SmileloopApi;
  readonly #patientId: string;
  preview = $state<CheckoutPreview | null>(null);
  /** the draft the preview priced, as sent */
  pricedKey = $state('');
  /** what the preview refused (a coupon not found, a line discount above the line…), by field */
  errors = new FieldErrors();
  #asked = 0;

  constructor(api: SmileloopApi, patientId: string) {
    this.#api = api;
    this.#patientId = patientId;
  }

  /** The draft as the preview would send it, '' while it cannot be priced yet. Pure: read inside $derived. */
  keyOf(draft: Record<string, unknown>): string {
    const parsed = checkoutPreviewSchema.safeParse(draft);
    return parsed.success ? JSON.stringify(parsed.data) : '';
  }

  status(key: string): PricingStatus {
    if (key === '') return 'none';
    if (this.pricedKey !== key) return 'pending';
    return this.preview ? 'fresh' : 'failed';
  }

  /** The stored-value balance last seen (it does not depend on the draft); undefined for roles that see no money. */
  balance = $state<CheckoutPreview['storedValue']>(undefined);

  /** Prices the draft; a coupon typed in the wrong shape is shown at once, other unfinished input waits for 结账. */
  async refresh(draft: Record<string, unknown>): Promise<void> {
    const asked = ++this.#asked;
    const parsed = checkoutPreviewSchema.safeParse(draft);
    if (!parsed.success) {
      const couponIssues = parsed.error.issues.filter((i) => i.path[0] === 'couponCode');
      if (couponIssues.length > 0) this.errors.setIssues(couponIssues);
      return;
    }
    const input: CheckoutPreviewInput = parsed.data;
    const key = JSON.stringify(input);
    try {
      const preview = await this.#api.previewCheckout(this.#patientId, input);
      if (asked !== this.#asked) return;
      if (preview.storedValue) this.balance = preview.storedValue;
      this.preview = preview;
      this.errors.clear();
    } catch (error) {
      if (asked !== this.#asked) return;
      this.preview = null;
      // a refusal with fields is shown at them; anything else (offline, 5xx) stays "failed" and the checkout itself will say
      if (!this.errors.setFromApi(error)) this.errors.clear();
    }
    this.pricedKey = key;
  }
}
