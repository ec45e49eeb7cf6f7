/** Consumables stock (耗材): items, bills of materials, a clinic's levels, movements and reports. Paths match shared/api-routes/stock.ts. */
import type { HttpClient } from './http-client';
import type { Items, Page } from '$shared/schemas/common';
import type {
  BomInput, ClinicStock, MovementInput, PurchaseListView, StockAlertView, StockBom, StockItem, StockItemInput, StockItemUpdate, StockLossReport, StockMovement,
} from '$shared/schemas/stock';

export type {
  BomInput, ClinicStock, MovementInput, PurchaseListView, StockAlertView, StockBom, StockItem, StockItemInput, StockItemUpdate, StockLevelRow, StockLossReport, StockMovement,
} from '$shared/schemas/stock';

const seg = encodeURIComponent;
const clinicPath = (clinicId: string, tail = ''): string => `/stock/clinics/${seg(clinicId)}${tail}`;

export class StockApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** The chain's items, the inactive too. */
  items(): Promise<Items<StockItem>> {
    return this.#http.request('GET', '/stock/items');
  }

  /** Owner and manager; 400 names the field (name, unit, reorderLevel…). */
  createItem(input: StockItemInput): Promise<StockItem> {
    return this.#http.request('POST', '/stock/items', { body: input });
  }

  /** Only the fields that changed, held to the version read (409 when someone saved first). */
  updateItem(itemId: string, update: StockItemUpdate): Promise<StockItem> {
    return this.#http.request('PATCH', `/stock/items/${seg(itemId)}`, { body: update });
  }

  boms(): Promise<Items<StockBom>> {
    return this.#http.request('GET', '/stock/boms');
  }

  /** The procedure's whole bill of materials, at the version read (0 for a first one). */
  setBom(procedureId: string, input: BomInput): Promise<StockBom> {
    return this.#http.request('PUT', `/stock/boms/${seg(procedureId)}`, { body: input });
  }

  /** Every item's level at the clinic with its daily use and days left. */
  clinicStock(clinicId: string): Promise<ClinicStock> {
    return this.#http.request('GET', clinicPath(clinicId));
  }

  /** 201 recorded; 200 when the request id was recorded before; 400/409 name `quantity` with a code (quantity.fraction, stock.short…). */
  recordMovement(clinicId: string, input: MovementInput): Promise<StockMovement> {
    return this.#http.request('POST', clinicPath(clinicId, '/movements'), { body: input });
  }

  /** Newest first. */
  movements(clinicId: string, query: { limit?: number; cursor?: string; itemId?: string } = {}): Promise<Page<StockMovement>> {
    return this.#http.request('GET', clinicPath(clinicId, '/movements'), { query: { limit: 20, ...query } });
  }

  /** The month's loss rate from its counts (YYYY-MM; the clinic's current month when left out). */
  loss(clinicId: string, month?: string): Promise<StockLossReport> {
    return this.#http.request('GET', clinicPath(clinicId, '/loss'), { query: { month } });
  }

  purchaseList(clinicId: string): Promise<PurchaseListView> {
    return this.#http.request('GET', clinicPath(clinicId, '/purchase-list'));
  }

  /** The low-stock job's last alert (for one clinic when given). */
  alerts(clinicId?: string): Promise<StockAlertView> {
    return this.#http.request('GET', '/stock/alerts', { query: { clinicId } });
  }
}
