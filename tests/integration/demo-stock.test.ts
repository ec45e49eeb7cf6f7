/**
 * The consumables part of the `npm start` demo (functions/local/demo-stock.ts), run on the small
 * test demo: the chain's items and bills of materials, 30 days of movements and usage at every
 * clinic, the anaesthetic at 静安店 about to run out (the low-stock job alerts on it and the
 * purchase list names it), and a count at 天河店 whose loss is flagged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClinicStock, PurchaseListView, StockBom, StockItem, StockLossReport, StockMovement } from '../../shared/schemas/stock.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let report: { items: number; movements: number };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const { seedDemoStock } = await import('../../functions/local/demo-stock.js');
  report = await seedDemoStock(twin.demo.tenantId);
}, 120_000);
afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

const get = async <T>(path: string) => (await twin.api<T>('GET', path, { token: owner })).body;

describe('demo consumables', () => {
  it('seeds the chain’s items and what an implant uses', async () => {
    const items = (await get<{ items: StockItem[] }>('/stock/items')).items;
    expect(items.length).toBe(report.items);
    expect(items.map((i) => i.name)).toEqual(expect.arrayContaining(['种植体（骨水平）', '愈合帽', '阿替卡因肾上腺素注射液', '氯己定漱口液']));
    const procedures = (await get<{ items: { procedureId: string; code: string }[] }>(`/procedures?clinicId=${twin.demo.jinganId}`)).items;
    const implant = procedures.find((p) => p.code === 'implant')?.procedureId;
    const bom = (await get<{ items: StockBom[] }>('/stock/boms')).items.find((b) => b.procedureId === implant);
    const names = new Map(items.map((i) => [i.itemId, i.name]));
    expect(bom?.lines.map((l) => [names.get(l.itemId), l.quantity])).toEqual(expect.arrayContaining([['种植体（骨水平）', 1], ['愈合帽', 1]]));
  });

  it('has 30 days of movements and usage at every clinic', async () => {
    for (const clinicId of twin.demo.clinicIds) {
      const stock = await get<ClinicStock>(`/stock/clinics/${clinicId}`);
      expect(stock.levels.length).toBe(report.items);
      expect(stock.levels.every((l) => l.dailyUsage > 0)).toBe(true);
      const { allMovements } = await import('../../functions/adapters/dynamo/stock-repository.js');
      const ledger = await allMovements(twin.demo.tenantId, clinicId);
      const days = new Set(ledger.map((m) => m.day));
      expect(days.size).toBeGreaterThanOrEqual(30);
      expect(new Set(ledger.map((m) => m.kind))).toEqual(new Set(['delivery', 'out', 'count']));
      // the ledger adds up to each level
      for (const level of stock.levels) {
        expect(ledger.filter((m) => m.itemId === level.item.itemId).reduce((s, m) => s + m.deltaMilli, 0)).toBe(Math.round(level.quantity * 1000));
      }
    }
    expect(report.movements).toBeGreaterThan(400);
  });

  it('the anaesthetic at 静安店 is about to run out: only it is low, the job alerts and the purchase list names it', async () => {
    const stock = await get<ClinicStock>(`/stock/clinics/${twin.demo.jinganId}`);
    const low = stock.levels.filter((l) => l.low);
    expect(low.map((l) => l.item.name)).toEqual(['阿替卡因肾上腺素注射液']);
    expect(low[0]?.daysLeft).toBeLessThan(3);
    expect((await get<ClinicStock>(`/stock/clinics/${twin.demo.tianheId}`)).levels.filter((l) => l.low)).toEqual([]);
    const { runStockAlerts } = await import('../../functions/jobs/stock-alerts.js');
    expect(await runStockAlerts(twin.demo.tenantId, new Date())).toMatchObject({ lowStock: 1, sent: 1 });
    const purchase = await get<PurchaseListView>(`/stock/clinics/${twin.demo.jinganId}/purchase-list`);
    expect(purchase.lines[0]).toMatchObject({ name: '阿替卡因肾上腺素注射液', reason: 'days-left' });
  });

  it('a count at 天河店 found masks a tenth short: the month’s loss is flagged there', async () => {
    const month = new Date(Date.now() - 7 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 7);
    const loss = await get<StockLossReport>(`/stock/clinics/${twin.demo.tianheId}/loss?month=${month}`);
    const masks = loss.items.find((i) => i.name === '一次性外科口罩');
    expect(masks?.flagged).toBe(true);
    expect(masks?.rate).toBeGreaterThan(0.05);
    const movements = (await get<{ items: StockMovement[] }>(`/stock/clinics/${twin.demo.tianheId}/movements?limit=100`)).items;
    expect(movements.length).toBe(100);
  });
});
