import type { StockBom, StockItem } from '../../../shared/schemas/stock.js';
import type { RouteSamples, SampleContext } from './types.js';

const items = new Map<string, Promise<StockItem>>();

/** One glove item per demo chain (per twin's table: test files share the module), made by the owner the first time a sample needs it. */
export const sampleStockItem = (ctx: SampleContext): Promise<StockItem> => {
  const key = `${ctx.twin.tableName}|${ctx.twin.demo.tenantId}`;
  let item = items.get(key);
  if (!item) {
    item = ctx.twin.api<StockItem>('POST', '/stock/items', { token: ctx.ownerToken, body: { name: '一次性手套（样例）', unit: 'box', reorderLevel: 2, unitCostFen: 3500 } }).then((res) => {
      if (res.status !== 201) throw new Error(`sample stock item failed: ${res.status}`);
      return res.body;
    });
    items.set(key, item);
  }
  return item;
};

/** A procedure other than cleaning, so the checkout samples' stock stays as it was. */
const sampleProcedure = async (ctx: SampleContext): Promise<string> => {
  const res = await ctx.twin.api<{ items: { procedureId: string; code: string }[] }>('GET', `/procedures?clinicId=${ctx.twin.demo.jinganId}`, { token: ctx.ownerToken });
  const found = res.body.items.find((p) => p.code !== 'cleaning');
  if (!found) throw new Error('no procedure in the demo catalog');
  return found.procedureId;
};

const clinicPath = (ctx: SampleContext, rest = '') => `/stock/clinics/${ctx.twin.demo.jinganId}${rest}`;

export const stockSamples: RouteSamples = {
  'GET /stock/items': () => ({ path: '/stock/items' }),
  'POST /stock/items': () => ({ path: '/stock/items', body: { name: '棉卷', unit: 'pack', reorderQuantity: 10 } }),
  'PATCH /stock/items/{itemId}': async (ctx) => {
    const { itemId } = await sampleStockItem(ctx);
    const list = await ctx.twin.api<{ items: StockItem[] }>('GET', '/stock/items', { token: ctx.ownerToken });
    const version = list.body.items.find((i) => i.itemId === itemId)?.version ?? 0;
    return { path: `/stock/items/${itemId}`, body: { reorderQuantity: 5, version } };
  },
  'GET /stock/boms': () => ({ path: '/stock/boms' }),
  'PUT /stock/boms/{procedureId}': async (ctx) => {
    const [{ itemId }, procedureId] = await Promise.all([sampleStockItem(ctx), sampleProcedure(ctx)]);
    const boms = await ctx.twin.api<{ items: StockBom[] }>('GET', '/stock/boms', { token: ctx.ownerToken });
    const version = boms.body.items.find((b) => b.procedureId === procedureId)?.version ?? 0;
    return { path: `/stock/boms/${procedureId}`, body: { lines: [{ itemId, quantity: 1 }], version } };
  },
  'GET /stock/clinics/{clinicId}': (ctx) => ({ path: clinicPath(ctx) }),
  'POST /stock/clinics/{clinicId}/movements': async (ctx) => ({ path: clinicPath(ctx, '/movements'), body: { itemId: (await sampleStockItem(ctx)).itemId, kind: 'delivery', quantity: 1 } }),
  'GET /stock/clinics/{clinicId}/movements': (ctx) => ({ path: clinicPath(ctx, '/movements') }),
  'GET /stock/clinics/{clinicId}/loss': (ctx) => ({ path: clinicPath(ctx, '/loss') }),
  'GET /stock/clinics/{clinicId}/purchase-list': (ctx) => ({ path: clinicPath(ctx, '/purchase-list') }),
  'GET /stock/alerts': () => ({ path: '/stock/alerts' }),
};
