/**
 * Consumables stock (issue 13 part 5) on DynamoDB Local: items and units, movements recorded as a
 * ledger (the level always equals the sum of its movements, also under concurrent movements),
 * counts and the loss rate, the bill of materials deducted in the checkout's own transaction, the
 * low-stock job's alert, and who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/domain/access.js';
import type { ClinicStock, PurchaseListView, StockAlertView, StockItem, StockLossReport, StockMovement } from '../../shared/schemas/stock.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let desk: string;
const day = 86_400_000;

type Fields = { error: { code: string; fields?: { path: string; code: string }[] } };

const post = <T>(path: string, body: unknown, token = owner) => twin.api<T>('POST', path, { token, body });
const get = async <T>(path: string, token = owner) => (await twin.api<T>('GET', path, { token })).body;
const newItem = async (name: string, unit: string, extra: Record<string, unknown> = {}): Promise<StockItem> => {
  const res = await post<StockItem>('/stock/items', { name, unit, ...extra });
  expect(res.status).toBe(201);
  return res.body;
};
const moves = (clinicId?: string) => `/stock/clinics/${clinicId ?? twin.demo.jinganId}/movements`;
const levelOf = async (itemId: string, clinicId?: string) => (await get<ClinicStock>(`/stock/clinics/${clinicId ?? twin.demo.jinganId}`)).levels.find((l) => l.item.itemId === itemId);
const fieldCodes = (body: unknown) => (body as Fields).error.fields?.map((f) => `${f.path}:${f.code}`);

const ownerCaller = (): Caller => ({ userId: 'stock-test-owner', email: 'owner@demo.local', tenantId: twin.demo.tenantId, role: 'owner', clinicScope: 'all' });

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  desk = await twin.tokenFor('frontdesk');
});
afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

describe('items and quantities', () => {
  it('derives countable from the unit and refuses impossible reorder hints with field, reason and code', async () => {
    const body = await newItem('种植体', 'piece', { reorderLevel: 2, reorderQuantity: 5, unitCostFen: 150_000 });
    expect(body.countable).toBe(true);
    expect((await newItem('漱口水', 'ml')).countable).toBe(false);
    const negative = await post('/stock/items', { name: '坏', unit: 'piece', reorderLevel: -1 });
    expect(negative.status).toBe(400);
    expect(fieldCodes(negative.body)).toEqual(['reorderLevel:quantity.negative']);
    const fraction = await post('/stock/items', { name: '坏', unit: 'box', reorderQuantity: 1.5 });
    expect(fieldCodes(fraction.body)).toEqual(['reorderQuantity:quantity.fraction']);
    // Below what DynamoDB can store (found by the fuzzer as a 500): a 400 at the field.
    const tiny = await post('/stock/items', { name: '坏', unit: 'cm', reorderQuantity: 5e-324 });
    expect(tiny.status).toBe(400);
    expect(fieldCodes(tiny.body)).toEqual(['reorderQuantity:number.too_small']);
  });

  it('a movement with a negative or fractional quantity of a countable item is refused, nothing written', async () => {
    const item = await newItem('愈合帽', 'piece');
    const negative = await post(moves(), { itemId: item.itemId, kind: 'delivery', quantity: -3 });
    expect(negative.status).toBe(400);
    expect(fieldCodes(negative.body)).toEqual(['quantity:quantity.negative']);
    const fraction = await post(moves(), { itemId: item.itemId, kind: 'out', quantity: 0.5 }, desk);
    expect(fraction.status).toBe(400);
    expect(fieldCodes(fraction.body)).toEqual(['quantity:quantity.fraction']);
    const kind = await post(moves(), { itemId: item.itemId, kind: 'lost', quantity: 1 });
    expect(kind.status).toBe(400);
    expect(fieldCodes(kind.body)).toEqual(['kind:enum.invalid']);
    expect((await get<{ items: StockMovement[] }>(`${moves()}?itemId=${item.itemId}`)).items).toEqual([]);
    // a measured unit takes decimals, up to three
    const rinse = await newItem('氯己定漱口液', 'ml');
    expect((await post(moves(), { itemId: rinse.itemId, kind: 'delivery', quantity: 12.5 })).status).toBe(201);
    expect(fieldCodes((await post(moves(), { itemId: rinse.itemId, kind: 'out', quantity: 0.0001 })).body)).toEqual(['quantity:quantity.precision']);
    expect((await levelOf(rinse.itemId))?.quantity).toBe(12.5);
  });

  it('an issue of more than is on hand is a 409 naming what is there', async () => {
    const item = await newItem('牙线', 'roll');
    await post(moves(), { itemId: item.itemId, kind: 'delivery', quantity: 3 });
    const res = await post(moves(), { itemId: item.itemId, kind: 'out', quantity: 4 }, desk);
    expect(res.status).toBe(409);
    expect(fieldCodes(res.body)).toEqual(['quantity:stock.short']);
    expect((await levelOf(item.itemId))?.quantity).toBe(3);
  });

  it('a repeated request id records one movement', async () => {
    const item = await newItem('吸唾管', 'pack');
    const body = { itemId: item.itemId, kind: 'delivery', quantity: 4, requestId: 'req-once-0001' };
    expect((await post(moves(), body, desk)).status).toBe(201);
    const again = await post<StockMovement>(moves(), body, desk);
    expect(again.status).toBe(200);
    expect((await levelOf(item.itemId))?.quantity).toBe(4);
  });
});

describe('who may record and see stock', () => {
  it('desk and manager record; marketing and dentists may not; another clinic or chain is not found', async () => {
    const item = await newItem('麻药', 'tube');
    const body = { itemId: item.itemId, kind: 'delivery', quantity: 1 };
    expect((await post(moves(), body, await twin.tokenFor('manager'))).status).toBe(201);
    expect((await post(moves(), body, desk)).status).toBe(201);
    expect((await post(moves(), body, await twin.tokenFor('marketing'))).status).toBe(403);
    expect((await post(moves(), body, await twin.tokenFor('dentist'))).status).toBe(403);
    expect((await twin.api('GET', `/stock/clinics/${twin.demo.jinganId}`, { token: await twin.tokenFor('marketing') })).status).toBe(403);
    expect((await post(moves(twin.demo.tianheId), body, desk)).status).toBe(404);
    const other = await twin.otherChain();
    expect((await post(moves(), body, other.ownerToken)).status).toBe(404);
    const foreignItem = await post(moves(other.clinicId), body, other.ownerToken);
    expect(foreignItem.status).toBe(404);
    expect(fieldCodes(foreignItem.body)).toEqual(['itemId:stock.item_unknown']);
    expect((await twin.api('PATCH', `/stock/items/${item.itemId}`, { token: other.ownerToken, body: { name: 'x', version: 0 } })).status).toBe(404);
    expect((await post('/stock/items', { name: '前台不可', unit: 'piece' }, desk)).status).toBe(403);
  });
});

describe('the ledger', () => {
  it('a count sets the counted quantity: its movement is the difference, and the month’s loss rate follows', async () => {
    const item = await newItem('根管锉', 'box', { unitCostFen: 20_000 });
    await post(moves(), { itemId: item.itemId, kind: 'delivery', quantity: 20 });
    await post(moves(), { itemId: item.itemId, kind: 'out', quantity: 2 }, desk);
    const count = await post<StockMovement>(moves(), { itemId: item.itemId, kind: 'count', quantity: 16 }, desk);
    expect(count.status).toBe(201);
    expect(count.body).toMatchObject({ kind: 'count', delta: -2, expected: 18, counted: 16, balanceAfter: 16 });
    expect((await levelOf(item.itemId))?.quantity).toBe(16);
    const loss = await get<StockLossReport>(`/stock/clinics/${twin.demo.jinganId}/loss`);
    const line = loss.items.find((i) => i.itemId === item.itemId);
    expect(line).toMatchObject({ expected: 18, shortage: 2, counts: 1, flagged: true });
    expect(line?.rate).toBeCloseTo(2 / 18, 4);
    expect(loss.flagged).toBe(true);
  });

  it('concurrent movements all land, and the stock equals the sum of its movements', async () => {
    const item = await newItem('口罩', 'box');
    await post(moves(), { itemId: item.itemId, kind: 'delivery', quantity: 50 });
    const requests = Array.from({ length: 16 }, (_, i) => (i % 4 === 0 ? { kind: 'delivery', quantity: 3 } : { kind: 'out', quantity: 1 }));
    const results = await Promise.all(requests.map((r, i) => post<StockMovement>(moves(), { itemId: item.itemId, ...r }, i % 2 ? desk : owner)));
    expect(results.map((r) => r.status)).toEqual(requests.map(() => 201));
    const { allMovements } = await import('../../functions/adapters/dynamo/stock-repository.js');
    const ledger = (await allMovements(twin.demo.tenantId, twin.demo.jinganId)).filter((m) => m.itemId === item.itemId);
    expect(ledger).toHaveLength(17);
    const level = await levelOf(item.itemId);
    expect(level?.quantity).toBe(50 + 4 * 3 - 12);
    expect(ledger.reduce((s, m) => s + m.deltaMilli, 0)).toBe(Math.round((level?.quantity ?? 0) * 1000));
    // a serial history: each movement made the next version, and its balance is the one before plus its change
    const serial = [...ledger].sort((a, b) => a.sequence - b.sequence);
    expect(serial.map((m) => m.sequence)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    serial.reduce((before, m) => {
      expect(m.balanceAfterMilli).toBe(before + m.deltaMilli);
      return m.balanceAfterMilli;
    }, 0);
    expect(level?.version).toBe(17);
  });
});

describe('checkout deducts the bill of materials', () => {
  let implantId = '';
  let body: StockItem;
  let cap: StockItem;
  let patient: Patient;

  beforeAll(async () => {
    const procedures = await get<{ items: { procedureId: string; code: string }[] }>(`/procedures?clinicId=${twin.demo.jinganId}`);
    implantId = procedures.items.find((p) => p.code === 'implant')?.procedureId ?? '';
    body = await newItem('种植体（BOM）', 'piece', { unitCostFen: 150_000 });
    cap = await newItem('愈合帽（BOM）', 'piece', { unitCostFen: 8_000 });
    const bom = await twin.api('PUT', `/stock/boms/${implantId}`, { token: owner, body: { lines: [{ itemId: body.itemId, quantity: 1 }, { itemId: cap.itemId, quantity: 1 }], version: 0 } });
    expect(bom.status).toBe(200);
    await post(moves(), { itemId: body.itemId, kind: 'delivery', quantity: 5 });
    await post(moves(), { itemId: cap.itemId, kind: 'delivery', quantity: 5 });
    patient = (await post<Patient>('/patients', { name: '种植患者', phone: '13600001234', clinicId: twin.demo.jinganId })).body;
  });

  const checkout = (key: string) => post<Visit>(`/patients/${patient.patientId}/visits`, {
    clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: implantId }], idempotencyKey: key, payments: [{ method: 'card', amountFen: 1_200_000 }],
  }, desk);

  it('refuses a bill of materials with a fraction of a countable item or another chain’s item', async () => {
    const res = await twin.api('PUT', `/stock/boms/${implantId}`, { token: owner, body: { lines: [{ itemId: body.itemId, quantity: 0.5 }, { itemId: '01JXXXXXXXXXXXXXXXXXXXXXXX', quantity: 1 }], version: 1 } });
    expect(res.status).toBe(400);
    expect(fieldCodes(res.body)).toEqual(['lines.0.quantity:quantity.fraction', 'lines.1.itemId:stock.item_unknown']);
    expect((await twin.api('PUT', `/stock/boms/${implantId}`, { token: owner, body: { lines: [], version: 0 } })).status).toBe(409);
  });

  it('an implant visit takes one implant body and one healing cap, once even when the checkout is retried', async () => {
    const first = await checkout('implant-visit-1');
    expect(first.status).toBe(201);
    expect((await checkout('implant-visit-1')).status).toBe(200);
    expect((await levelOf(body.itemId))?.quantity).toBe(4);
    expect((await levelOf(cap.itemId))?.quantity).toBe(4);
    const rows = (await get<{ items: StockMovement[] }>(`${moves()}?itemId=${body.itemId}`)).items.filter((m) => m.kind === 'checkout');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ visitId: first.body.visitId, delta: -1, balanceAfter: 4 });
    // the usage counts toward days left
    expect((await levelOf(body.itemId))?.dailyUsage).toBeGreaterThan(0);
  });

  it('a checkout racing desk movements on the same items is planned again: everything lands and the ledger adds up', async () => {
    const [visit, ...desks] = await Promise.all([
      checkout('implant-visit-2'),
      ...Array.from({ length: 4 }, () => post(moves(), { itemId: cap.itemId, kind: 'delivery', quantity: 1 }, desk)),
    ]);
    expect(visit?.status).toBe(201);
    expect(desks.map((d) => d.status)).toEqual([201, 201, 201, 201]);
    const { allMovements } = await import('../../functions/adapters/dynamo/stock-repository.js');
    const ledger = (await allMovements(twin.demo.tenantId, twin.demo.jinganId)).filter((m) => m.itemId === cap.itemId);
    expect(ledger.reduce((s, m) => s + m.deltaMilli, 0)).toBe(1000 * ((await levelOf(cap.itemId))?.quantity ?? NaN));
    expect((await levelOf(cap.itemId))?.quantity).toBe(5 - 2 + 4);
  });

  it('the stock movements are in the visit’s transaction: a checkout that does not land moves no stock', async () => {
    const { commitCheckout, CheckoutConflict, getSummary } = await import('../../functions/adapters/dynamo/visit-repository.js');
    const { checkoutStockItems } = await import('../../functions/services/stock-checkout.js');
    const { auditEvent } = await import('../../functions/adapters/dynamo/audit-repository.js');
    const { allMovements } = await import('../../functions/adapters/dynamo/stock-repository.js');
    const visits = await get<{ items: Visit[] }>(`/patients/${patient.patientId}/visits`);
    const landed = visits.items[0] as Visit;
    const before = { body: await levelOf(body.itemId), rows: (await allMovements(twin.demo.tenantId, twin.demo.jinganId)).length };
    const stockItems = await checkoutStockItems(twin.demo.tenantId, { clinicId: twin.demo.jinganId, timeZone: 'Asia/Shanghai' }, landed, 'test');
    expect(stockItems.length).toBe(4);
    const summary = await getSummary(twin.demo.tenantId, patient.patientId);
    // The same visit again: its conditional put fails, so the whole transaction is cancelled.
    await expect(commitCheckout({
      tenantId: twin.demo.tenantId, visit: landed, summary: summary ?? ({} as never), summaryVersionRead: summary?.version, recalls: [], tasks: [], careMessages: [], installments: [],
      audit: auditEvent(ownerCaller(), patient.patientId, 'visit.create', { refId: landed.visitId }), stockItems,
    })).rejects.toBeInstanceOf(CheckoutConflict);
    expect((await levelOf(body.itemId))?.quantity).toBe(before.body?.quantity);
    expect((await allMovements(twin.demo.tenantId, twin.demo.jinganId)).length).toBe(before.rows);
  });
});

describe('low stock', () => {
  it('the daily job alerts on the staff-alerts topic once per day for an item with under 3 days of use left, and the page shows it', async () => {
    const { recordMovement } = await import('../../functions/services/stock-movement-service.js');
    const { runStockAlerts } = await import('../../functions/jobs/stock-alerts.js');
    const item = await newItem('一次性口镜', 'piece', { reorderQuantity: 100 });
    const now = Date.now();
    await recordMovement(ownerCaller(), twin.demo.jinganId, { itemId: item.itemId, kind: 'delivery', quantity: 100 }, new Date(now - 20 * day));
    for (let d = 19; d >= 1; d--) await recordMovement(ownerCaller(), twin.demo.jinganId, { itemId: item.itemId, kind: 'out', quantity: 5 }, new Date(now - d * day));
    const level = await levelOf(item.itemId);
    expect(level).toMatchObject({ quantity: 5, low: true });
    expect(level?.daysLeft).toBeLessThan(3);

    const summary = await runStockAlerts(twin.demo.tenantId, new Date(now));
    expect(summary).toMatchObject({ sent: 1 });
    expect(summary.lowStock).toBeGreaterThanOrEqual(1);
    expect(await runStockAlerts(twin.demo.tenantId, new Date(now))).toMatchObject({ alreadyDone: 1 });
    const outbox = await get<{ items: { kind: string; purpose: string; text: string }[] }>('/outbox?limit=100');
    const alerts = outbox.items.filter((m) => m.kind === 'staff-alert' && m.purpose === 'low-stock');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.text).toContain('一次性口镜');

    const shown = await get<StockAlertView>(`/stock/alerts?clinicId=${twin.demo.jinganId}`, desk);
    expect(shown.items.map((i) => i.itemId)).toContain(item.itemId);
    const purchase = await get<PurchaseListView>(`/stock/clinics/${twin.demo.jinganId}/purchase-list`, desk);
    const line = purchase.lines.find((l) => l.itemId === item.itemId);
    expect(line).toMatchObject({ reason: 'days-left', onHand: 5 });
    // 30 days at the recent rate (95 used over the 21 days since the delivery), less the 5 on hand
    expect(level?.dailyUsage).toBeCloseTo(95 / 21, 3);
    expect(line?.quantity).toBe(Math.max(100, Math.ceil((level?.dailyUsage ?? 0) * 30 - 5)));
  });
});
