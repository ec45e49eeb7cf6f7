/**
 * Visit packs (次卡) on DynamoDB Local: the owner's product, a sale at the front desk, a use at
 * checkout priced 0 (after a membership, before discounts), the last use raced by two desks (exactly
 * one wins), a void giving the use back, an expired pack refused, the refund by the frozen rule,
 * the liability kept in the same transactions, and who sees what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { packEntity } from '../../functions/adapters/dynamo/entities/pack.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let cleaning: { procedureId: string; priceFen: number };
let product: { productId: string; version: number };
let n = 0;

type PackView = Partial<ApiErrorBody> & { packId: string; remaining: number; status: string; pricePaidFen?: number; refundableFen?: number; procedureCode?: string; endDate: string };
type Liability = { clinicId: string; packsOutstandingFen: number; packUsesLeft: number };

const priceFen = 30_001;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
  const list = await twin.api<{ items: { code: string; procedureId: string; clinicPriceFen: number }[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: frontdesk });
  const found = list.body.items.find((p) => p.code === 'cleaning');
  if (!found) throw new Error('no cleaning in the catalog');
  cleaning = { procedureId: found.procedureId, priceFen: found.clinicPriceFen };
  const res = await twin.api<{ productId: string; version: number }>('POST', '/pack-products', { token: owner, body: { name: '洁牙3次卡', procedureCode: 'cleaning', count: 3, priceFen, validityMonths: 12 } });
  expect(res.status).toBe(201);
  product = res.body;
});
afterAll(async () => twin?.stop());

const newPatient = async (): Promise<string> => {
  const res = await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `次卡患者${n++}`, phone: `1380000${String(3000 + n).padStart(4, '0')}`, clinicId: twin.demo.jinganId } });
  expect(res.status).toBe(201);
  return res.body.patientId;
};
const sell = (patientId: string, extra: Record<string, unknown> = {}) =>
  twin.api<PackView>('POST', `/patients/${patientId}/packs`, { token: frontdesk, body: { productId: product.productId, clinicId: twin.demo.jinganId, payments: [{ method: 'wechat', amountFen: priceFen }], acknowledgedAt: new Date().toISOString(), ...extra } });
const packs = async (patientId: string, token = frontdesk) => (await twin.api<{ items: PackView[] }>('GET', `/patients/${patientId}/packs`, { token })).body.items;
const checkout = (patientId: string, paidFen = 0) =>
  twin.api<Visit & Partial<ApiErrorBody>>('POST', `/patients/${patientId}/visits`, {
    token: frontdesk,
    body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: cleaning.procedureId }], payments: paidFen ? [{ method: 'cash', amountFen: paidFen }] : [] },
  });
const liability = async (): Promise<Liability> => {
  const res = await twin.api<{ liability: { clinics: Liability[] } }>('GET', '/members/overview?from=2026-01-01&to=2026-12-31', { token: owner });
  const row = res.body.liability.clinics.find((c) => c.clinicId === twin.demo.jinganId);
  if (!row) throw new Error('no liability row');
  return row;
};

describe('visit packs', () => {
  it('the owner defines products; the front desk may not', async () => {
    expect((await twin.api('POST', '/pack-products', { token: frontdesk, body: { name: 'x', procedureCode: 'cleaning', count: 1, priceFen: 1, validityMonths: 1 } })).status).toBe(403);
    const bad = await twin.api<Partial<ApiErrorBody>>('POST', '/pack-products', { token: owner, body: { name: 'x', procedureCode: 'cleaning', count: 0, priceFen: 1.5, validityMonths: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.fields?.map((f) => f.path).sort()).toEqual(['count', 'priceFen']);
  });

  it('a sale is idempotent, freezes the terms and adds the price to the liability', async () => {
    const before = await liability();
    const patientId = await newPatient();
    const first = await sell(patientId, { idempotencyKey: 'pack-sale-0001' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ remaining: 3, status: 'active', pricePaidFen: priceFen, refundableFen: priceFen });
    const again = await sell(patientId, { idempotencyKey: 'pack-sale-0001' });
    expect(again.status).toBe(200);
    expect(again.body.packId).toBe(first.body.packId);
    expect(await packs(patientId)).toHaveLength(1);
    expect(await liability()).toMatchObject({ packsOutstandingFen: before.packsOutstandingFen + priceFen, packUsesLeft: before.packUsesLeft + 3 });
    // Counted by expiry day: on the day it expires it is owed no more (no job needed).
    const { readPackBalances } = await import('../../functions/adapters/dynamo/pack-repository.js');
    const row = async (day: string) => (await readPackBalances(twin.demo.tenantId, day)).find((b) => b.clinicId === twin.demo.jinganId);
    const endDate = first.body.endDate;
    const dayBefore = new Date(Date.parse(`${endDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(((await row(dayBefore))?.unearnedFen ?? 0) - ((await row(endDate))?.unearnedFen ?? 0)).toBeGreaterThanOrEqual(priceFen);
  });

  it('a use prices the line 0 (preview and checkout), counts down, and moves the liability; a void gives it back', async () => {
    const patientId = await newPatient();
    const sold = await sell(patientId);
    const before = await liability();
    const preview = await twin.api<{ lines: { amountFen: number; packCover?: { packId: string } }[]; totalFen: number }>('POST', `/patients/${patientId}/visits/preview`, {
      token: frontdesk, body: { clinicId: twin.demo.jinganId, lines: [{ procedureId: cleaning.procedureId }] },
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.lines[0]).toMatchObject({ amountFen: 0, packCover: { packId: sold.body.packId } });
    const visit = await checkout(patientId);
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    expect(visit.body.totalFen).toBe(0);
    expect((await packs(patientId))[0]?.remaining).toBe(2);
    // 30001 × 3/3 − 30001 × 2/3 (floored): the first use earns 10001 fen.
    expect(await liability()).toMatchObject({ packsOutstandingFen: before.packsOutstandingFen - 10_001, packUsesLeft: before.packUsesLeft - 1 });
    const voided = await twin.api('POST', `/patients/${patientId}/visits/${visit.body.visitId}/void`, { token: owner, body: { reason: '录入错误' } });
    expect(voided.status, JSON.stringify(voided.body)).toBeLessThan(300);
    expect((await packs(patientId))[0]?.remaining).toBe(3);
    expect(await liability()).toMatchObject({ packsOutstandingFen: before.packsOutstandingFen, packUsesLeft: before.packUsesLeft });
  });

  it('two desks racing for the last use: exactly one uses it, never below zero', async () => {
    const patientId = await newPatient();
    const sold = await sell(patientId);
    for (let i = 0; i < 2; i++) expect((await checkout(patientId)).status).toBe(201);
    const results = await Promise.all([checkout(patientId), checkout(patientId), checkout(patientId)]);
    const won = results.filter((r) => r.status === 201 && r.body.totalFen === 0);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expect([400, 409]).toContain(r.status);
    const lost409 = results.filter((r) => r.status === 409);
    for (const r of lost409) expect(r.body.error?.fields?.[0]?.code).toBe('pack.used_changed');
    const after = (await packs(patientId)).find((p) => p.packId === sold.body.packId);
    expect(after).toMatchObject({ remaining: 0, status: 'used-up' });
    // Used up: the next cleaning is charged at the list price.
    const charged = await checkout(patientId, cleaning.priceFen);
    expect(charged.status).toBe(201);
    expect(charged.body.lines[0]?.packCover).toBeUndefined();
  });

  it('an expired pack is not used: the line is charged', async () => {
    const patientId = await newPatient();
    const sold = await sell(patientId);
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    await documentClient.send(new UpdateCommand({ TableName: tableName, Key: packEntity.key({ tenantId: twin.demo.tenantId, patientId, packId: sold.body.packId }), UpdateExpression: 'SET endDate = :past', ExpressionAttributeValues: { ':past': '2020-01-01' } }));
    expect((await packs(patientId))[0]?.status).toBe('expired');
    const free = await checkout(patientId);
    expect(free.status).toBe(400);
    expect(free.body.error?.fields?.[0]?.code).toBe('payments.sum');
    const paid = await checkout(patientId, cleaning.priceFen);
    expect(paid.status).toBe(201);
    expect((await packs(patientId))[0]?.remaining).toBe(3);
  });

  it('cancellation: the refund is the unused uses pro rata, owner or manager only; the liability goes', async () => {
    const patientId = await newPatient();
    const sold = await sell(patientId);
    expect((await checkout(patientId)).status).toBe(201);
    const before = await liability();
    const preview = await twin.api<{ refundableFen: number }>('POST', `/packs/${sold.body.packId}/cancellations`, { token: owner, body: { preview: true } });
    expect(preview.body.refundableFen).toBe(Math.floor((priceFen * 2) / 3));
    const body = { reason: '不再需要', refund: { method: 'wechat', amountFen: preview.body.refundableFen } };
    expect((await twin.api('POST', `/packs/${sold.body.packId}/cancellations`, { token: frontdesk, body })).status).toBe(403);
    const tooMuch = await twin.api<Partial<ApiErrorBody>>('POST', `/packs/${sold.body.packId}/cancellations`, { token: owner, body: { ...body, refund: { method: 'wechat', amountFen: preview.body.refundableFen + 1 } } });
    expect(tooMuch.status).toBe(400);
    const done = await twin.api<{ pack: PackView }>('POST', `/packs/${sold.body.packId}/cancellations`, { token: owner, body });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body.pack.status).toBe('cancelled');
    expect(await liability()).toMatchObject({ packsOutstandingFen: before.packsOutstandingFen - preview.body.refundableFen, packUsesLeft: before.packUsesLeft - 2 });
    const charged = await checkout(patientId, cleaning.priceFen);
    expect(charged.status).toBe(201);
  });

  it('a pack paid with stored value debits it; short is 409', async () => {
    const patientId = await newPatient();
    expect((await twin.api('POST', `/patients/${patientId}/wallet/top-ups`, { token: owner, body: { amountFen: 10_000, method: 'cash' } })).status).toBe(201);
    const short = await sell(patientId, { payments: [{ method: 'stored-value', amountFen: priceFen }] });
    expect(short.status).toBe(409);
    expect(short.body.error?.fields?.[0]?.code).toBe('money.over_balance');
    const ok = await sell(patientId, { payments: [{ method: 'stored-value', amountFen: 10_000 }, { method: 'cash', amountFen: priceFen - 10_000 }] });
    expect(ok.status).toBe(201);
    const wallet = await twin.api<{ totalFen: number }>('GET', `/patients/${patientId}/wallet`, { token: owner });
    expect(wallet.body.totalFen).toBe(0);
    // Cancelled before any use: the whole price back, to stored value as principal.
    const done = await twin.api('POST', `/packs/${ok.body.packId}/cancellations`, { token: owner, body: { reason: '改买会员', refund: { method: 'stored-value', amountFen: priceFen } } });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    const back = await twin.api<{ principalFen: number; bonusFen: number }>('GET', `/patients/${patientId}/wallet`, { token: owner });
    expect(back.body).toMatchObject({ principalFen: priceFen, bonusFen: 0 });
  });

  it('a merge carries the duplicate’s pack: the record that stays uses it, a void of a moved visit gives the use back there', async () => {
    const keep = await newPatient();
    const duplicate = await newPatient();
    const sold = await sell(duplicate);
    const used = await checkout(duplicate);
    expect(used.status).toBe(201);
    const manager = await twin.tokenFor('manager');
    const merged = await twin.api('POST', `/patients/${keep}/merge`, { token: manager, body: { sourcePatientId: duplicate } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect((await packs(keep)).map((p) => [p.packId, p.remaining])).toEqual([[sold.body.packId, 2]]);
    const preview = await twin.api<{ refundableFen: number }>('POST', `/packs/${sold.body.packId}/cancellations`, { token: owner, body: { preview: true } });
    expect(preview.status).toBe(200);
    expect((await checkout(keep)).body.totalFen).toBe(0);
    const voided = await twin.api('POST', `/patients/${keep}/visits/${used.body.visitId}/void`, { token: owner, body: { reason: '录入错误' } });
    expect(voided.status, JSON.stringify(voided.body)).toBeLessThan(300);
    expect((await packs(keep))[0]?.remaining).toBe(2);
  });

  it('dentists see uses left without money; marketing neither money nor the procedure; another chain gets 404', async () => {
    const patientId = await newPatient();
    const sold = await sell(patientId);
    const dentist = (await packs(patientId, await twin.tokenFor('dentist')))[0];
    expect(dentist).toMatchObject({ remaining: 3, procedureCode: 'cleaning' });
    expect(dentist?.pricePaidFen).toBeUndefined();
    const marketing = (await packs(patientId, await twin.tokenFor('marketing')))[0];
    expect(marketing?.remaining).toBe(3);
    expect(marketing?.pricePaidFen).toBeUndefined();
    expect(marketing?.procedureCode).toBeUndefined();
    const other = await twin.otherChain();
    expect((await twin.api('POST', `/packs/${sold.body.packId}/cancellations`, { token: other.ownerToken, body: { preview: true } })).status).toBe(404);
    expect((await twin.api('PUT', `/pack-products/${product.productId}`, { token: other.ownerToken, body: { version: 1, terms: { name: 'x', procedureCode: 'cleaning', count: 1, priceFen: 1, validityMonths: 1 } } })).status).toBe(404);
    expect((await twin.api('GET', `/patients/${patientId}/packs`, { token: other.ownerToken })).status).toBe(404);
  });
  it('the first week of a quarter records the packs outstanding once, and the reserve on last quarter’s prepaid balance counts them', async () => {
    await sell(await newPatient());
    type Reserve = { packsInReserve: boolean; total: { lastQuarter: { prepaidFen: number }; packsOutstandingFen: number; reserveFen: number } };
    const overview = async () => (await twin.api<{ liability: Reserve }>('GET', '/members/overview?from=2026-01-01&to=2026-12-31', { token: owner })).body.liability;
    const before = await overview();
    expect(before.packsInReserve).toBe(false);
    const { recordPackQuarterIfDue } = await import('../../functions/services/pack-liability.js');
    const today = new Date().toISOString().slice(0, 10);
    const month = Number(today.slice(5, 7));
    const quarterStart = `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}`;
    expect(await recordPackQuarterIfDue(twin.demo.tenantId, `${quarterStart}-08`, new Date())).toBe(false);
    expect(await recordPackQuarterIfDue(twin.demo.tenantId, `${quarterStart}-02`, new Date())).toBe(true);
    expect(await recordPackQuarterIfDue(twin.demo.tenantId, `${quarterStart}-03`, new Date())).toBe(false);
    const after = await overview();
    expect(after.packsInReserve).toBe(true);
    expect(after.total.packsOutstandingFen).toBeGreaterThan(0);
    expect(after.total.lastQuarter.prepaidFen - before.total.lastQuarter.prepaidFen).toBe(after.total.packsOutstandingFen);
    expect(after.total.reserveFen).toBeGreaterThan(before.total.reserveFen);
  });
});
