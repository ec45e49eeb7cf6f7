/**
 * What the Consumables page reads: a clinic's stock with days left at the last 30 days' rate, its
 * movements, the month's loss rate from counts, the purchase list, and the low-stock job's last
 * alert. Each is computed from the levels' running aggregates, never from 30 days of movements.
 */
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { clinicLoss, levelView, purchaseList, type LevelView } from '../../shared/domain/stock/stock-reports.js';
import { fromMilli } from '../../shared/domain/stock/stock-quantity.js';
import { localDay } from '../../shared/domain/time.js';
import type { ClinicStock, PurchaseListView, StockAlertView, StockItem, StockLossReport, StockMovement } from '../../shared/schemas/stock.js';
import { countTotals, latestAlert, listLevels, listStockItems, movementsPage } from '../adapters/dynamo/stock-repository.js';
import { movementView, stockClinicOf } from './stock-movement-service.js';

const viewsOf = async (tenantId: string, clinicId: string, today: string): Promise<{ items: StockItem[]; views: Map<string, LevelView>; versions: Map<string, number> }> => {
  const [items, levels] = await Promise.all([listStockItems(tenantId), listLevels(tenantId, clinicId)]);
  const byItem = new Map(levels.map((l) => [l.itemId, l]));
  return {
    items,
    views: new Map(items.map((item) => [item.itemId, levelView(item, byItem.get(item.itemId), today)])),
    versions: new Map(levels.map((l) => [l.itemId, l.version])),
  };
};

/** Every active item with its stock at the clinic (zero where none was ever booked in), lowest days first. */
export const clinicStock = async (caller: Caller, clinicId: string, now = new Date()): Promise<ClinicStock> => {
  const clinic = await stockClinicOf(caller, clinicId);
  const today = localDay(now, clinic.timeZone);
  const { items, views, versions } = await viewsOf(caller.tenantId, clinicId, today);
  const levels = items
    .filter((item) => item.active)
    .map((item) => {
      const { itemId: _id, ...view } = views.get(item.itemId) ?? levelView(item, undefined, today);
      return { item, ...view, version: versions.get(item.itemId) ?? 0 };
    })
    .sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || a.item.name.localeCompare(b.item.name, 'zh-CN'));
  return { clinicId, today, levels };
};

export const clinicMovements = async (caller: Caller, clinicId: string, query: { limit: number; cursor?: string; itemId?: string }): Promise<{ items: StockMovement[]; cursor?: string }> => {
  await stockClinicOf(caller, clinicId);
  const page = await movementsPage(caller.tenantId, clinicId, query.limit, { ...(query.cursor ? { cursor: query.cursor } : {}), ...(query.itemId ? { itemId: query.itemId } : {}) });
  return { items: page.items.map(movementView), ...(page.cursor ? { cursor: page.cursor } : {}) };
};

/** The month's loss rate (this month on the clinic's clock unless named), flagged above 5%. */
export const clinicLossReport = async (caller: Caller, clinicId: string, month: string | undefined, now = new Date()): Promise<StockLossReport> => {
  const clinic = await stockClinicOf(caller, clinicId);
  const chosen = month ?? localDay(now, clinic.timeZone).slice(0, 7);
  const [totals, items] = await Promise.all([countTotals(caller.tenantId, clinicId, chosen), listStockItems(caller.tenantId)]);
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const loss = clinicLoss(totals, new Map(items.map((i) => [i.itemId, i.unitCostFen])));
  return {
    clinicId, month: chosen, rate: loss.rate, flagged: loss.flagged, weighting: loss.weighting,
    items: loss.items.map((t) => ({
      itemId: t.itemId, name: byId.get(t.itemId)?.name ?? t.itemId, unit: byId.get(t.itemId)?.unit ?? '',
      expected: fromMilli(t.expectedMilli), shortage: fromMilli(t.shortageMilli), surplus: fromMilli(t.surplusMilli), counts: t.counts,
      rate: Math.round(t.rate * 10_000) / 10_000, flagged: t.flagged,
    })),
  };
};

export const clinicPurchaseList = async (caller: Caller, clinicId: string, now = new Date()): Promise<PurchaseListView> => {
  const clinic = await stockClinicOf(caller, clinicId);
  const today = localDay(now, clinic.timeZone);
  const { items, views } = await viewsOf(caller.tenantId, clinicId, today);
  return { clinicId, today, lines: purchaseList(items, views) };
};

/** The low-stock job's last alert, narrowed to the clinics the caller works in (and to one when asked). */
export const stockAlerts = async (caller: Caller, clinicId?: string): Promise<StockAlertView> => {
  if (clinicId) await stockClinicOf(caller, clinicId);
  const alert = await latestAlert(caller.tenantId);
  if (!alert) return { day: null, sentAt: null, items: [] };
  const items = alert.items.filter((i) => canSeeClinic(caller, i.clinicId) && (!clinicId || i.clinicId === clinicId));
  return { day: alert.day, sentAt: alert.sentAt, items };
};
