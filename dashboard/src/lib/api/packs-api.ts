/** Visit packs (次卡): products (owner), a patient's packs, sale and cancellation. Paths match shared/api-routes/packs.ts. */
import type { HttpClient } from './http-client';
import type { PackProduct, PackTerms } from '$shared/schemas/packs';
import type { PaymentInput } from '$shared/schemas/visit';

export type { PackProduct, PackTerms } from '$shared/schemas/packs';

type Items<T> = { items: T[] };

/** A product as a role sees it: dentists and marketing get no price or refund rule. */
export type PackProductView = Omit<PackProduct, 'priceFen' | 'refundRule'> & Partial<Pick<PackProduct, 'priceFen' | 'refundRule'>>;

/** A pack as a role sees it: money only for owner, manager and front desk; marketing not the procedure. */
export type PackView = {
  packId: string; patientId: string; productId: string; name?: string; procedureCode?: string; count: number; remaining: number;
  startDate: string; endDate: string; clinicId: string; status: 'active' | 'used-up' | 'expired' | 'cancelled' | 'not-started'; version: number;
  pricePaidFen?: number; refundableFen?: number; cancelledAt?: string;
};

export type PackCancellationQuote = { preview: boolean; refundableFen: number; remaining?: number; count?: number; pricePaidFen?: number };

const seg = encodeURIComponent;

export class PacksApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  listProducts(): Promise<Items<PackProductView>> {
    return this.#http.request('GET', '/pack-products');
  }

  createProduct(terms: PackTerms): Promise<PackProduct> {
    return this.#http.request('POST', '/pack-products', { body: terms });
  }

  /** A new version; 409 when someone saved the product since `version` was read. */
  updateProduct(productId: string, version: number, terms: PackTerms): Promise<PackProduct> {
    return this.#http.request('PUT', `/pack-products/${seg(productId)}`, { body: { version, terms } });
  }

  patientPacks(patientId: string): Promise<Items<PackView>> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/packs`);
  }

  sell(patientId: string, body: { productId: string; clinicId: string; payments: PaymentInput[]; acknowledgedAt: string; idempotencyKey?: string }): Promise<PackView> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/packs`, { body });
  }

  /** With `preview: true` the answer is the amount due and nothing is written. */
  cancel(packId: string, body: { preview?: boolean; reason?: string; refund?: { method: string; amountFen: number } }): Promise<PackCancellationQuote> {
    return this.#http.request('POST', `/packs/${seg(packId)}/cancellations`, { body });
  }
}
