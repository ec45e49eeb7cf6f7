/**
 * Points (积分) on DynamoDB Local: the owner's rules, earning at checkout on money paid now, spending
 * as a capped discount (400 over the cap, 409 over the balance), concurrent spends that never
 * overspend, a family card pooling into the holder's account, expiry computed from the lots, and a
 * void that reverses both the spend and the earn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { PointsRulesView, PointsView } from '../../shared/schemas/points.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let prices: Map<string, { procedureId: string; priceFen: number }>;
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
  const list = await twin.api<{ items: { code: string; procedureId: string; clinicPriceFen: number }[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: frontdesk });
  prices = new Map(list.body.items.map((p) => [p.code, { procedureId: p.procedureId, priceFen: p.clinicPriceFen }]));
  await setRules({ earnPointsPerYuan: 1, spendPointsPerYuan: 100, maxSharePercent: 50 });
});
afterAll(async () => twin?.stop());

const setRules = async (rules: { earnPointsPerYuan: number; spendPointsPerYuan: number; maxSharePercent: number }) => {
  const current = (await twin.api<PointsRulesView>('GET', '/points/rules', { token: owner })).body;
  const res = await twin.api<PointsRulesView>('PUT', '/points/rules', { token: owner, body: { ...rules, expectedVersion: current.version } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};
const newPatient = async () =>
  (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: `积分患者${n++}`, phone: `1365${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, clinicId: twin.demo.jinganId } })).body.patientId;
const procedureId = (code: string) => prices.get(code)?.procedureId;
const post = (patientId: string, body: Record<string, unknown>) =>
  twin.api<Visit & ApiErrorBody>('POST', `/patients/${patientId}/visits`, { token: frontdesk, body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: procedureId('xray-panoramic') }], ...body } });
/** Checks out paying the total in cash, whatever the card and points took off (the total read from the refusal). */
const checkout = async (patientId: string, body: Record<string, unknown> = {}, method = 'cash') => {
  const probe = await post(patientId, { ...body, payments: [] });
  const totalFen = Number(probe.body.error?.fields?.find((f) => f.code === 'payments.sum')?.params?.totalFen ?? 0);
  return post(patientId, { ...body, payments: totalFen ? [{ method, amountFen: totalFen }] : [] });
};
const points = async (patientId: string, token = frontdesk) => (await twin.api<PointsView>('GET', `/patients/${patientId}/points`, { token })).body;
const codeOf = (body: ApiErrorBody) => body.error.fields?.[0]?.code;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('points', () => {
  it('rules are the owner’s, versioned; points are not for marketing or dentists', async () => {
    const current = (await twin.api<PointsRulesView>('GET', '/points/rules', { token: frontdesk })).body;
    expect(current).toMatchObject({ earnPointsPerYuan: 1, spendPointsPerYuan: 100, maxSharePercent: 50 });
    expect((await twin.api('PUT', '/points/rules', { token: frontdesk, body: { earnPointsPerYuan: 1, spendPointsPerYuan: 100, maxSharePercent: 50, expectedVersion: current.version } })).status).toBe(403);
    expect((await twin.api('PUT', '/points/rules', { token: owner, body: { earnPointsPerYuan: 1, spendPointsPerYuan: 100, maxSharePercent: 50, expectedVersion: current.version - 1 } })).status).toBe(409);
    const bad = await twin.api<ApiErrorBody>('PUT', '/points/rules', { token: owner, body: { earnPointsPerYuan: 1.5, spendPointsPerYuan: 100, maxSharePercent: 101, expectedVersion: current.version } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.path).sort()).toEqual(['earnPointsPerYuan', 'maxSharePercent']);
    const patientId = await newPatient();
    expect((await twin.api('GET', `/patients/${patientId}/points`, { token: await twin.tokenFor('marketing') })).status).toBe(403);
    expect((await twin.api('GET', `/patients/${patientId}/points`, { token: await twin.tokenFor('dentist') })).status).toBe(403);
  });

  it('earns per yuan paid now, as a lot expiring 12 months later; none on money paid from stored value', async () => {
    const patientId = await newPatient();
    const res = await checkout(patientId);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const earned = Math.floor(res.body.totalFen / 100);
    const view = await points(patientId);
    expect(view).toMatchObject({ ownerPatientId: patientId, pooled: false, balance: earned });
    const [year, rest] = [Number(today().slice(0, 4)), today().slice(4)];
    expect(view.lots).toEqual([{ lotId: res.body.points?.entryId, earnedOn: today(), expiresOn: `${year + 1}${rest}`.replace('-02-29', '-02-28'), points: earned }]);
    expect(view.entries[0]).toMatchObject({ kind: 'checkout', earned, spent: 0, points: earned, visitId: res.body.visitId });
    await twin.api('POST', `/patients/${patientId}/wallet/top-ups`, { token: frontdesk, body: { amountFen: 100_000, method: 'cash' } });
    expect((await points(patientId)).balance).toBe(earned);
    const byWallet = await checkout(patientId, {}, 'stored-value');
    expect(byWallet.status, JSON.stringify(byWallet.body)).toBe(201);
    expect((await points(patientId)).balance).toBe(earned);
  });

  it('spends as a discount within the cap; 400 above it, 409 above the balance', async () => {
    const patientId = await newPatient();
    await checkout(patientId, { lines: [{ procedureId: procedureId('root-canal') }] });
    const balance = (await points(patientId)).balance;
    const price = prices.get('xray-panoramic')?.priceFen ?? 0;
    const spent = await checkout(patientId, { pointsToSpend: 100 });
    expect(spent.status, JSON.stringify(spent.body)).toBe(201);
    expect(spent.body).toMatchObject({ totalFen: price - 100, pointsDiscountFen: 100, pointsSpent: 100 });
    const earned = Math.floor((price - 100) / 100);
    expect((await points(patientId)).balance).toBe(balance - 100 + earned);
    const overCap = await post(patientId, { pointsToSpend: price / 2 + 100, payments: [{ method: 'cash', amountFen: price / 2 - 100 }] });
    expect(overCap.status).toBe(400);
    expect(codeOf(overCap.body)).toBe('points.over_cap');
    const poor = await newPatient();
    const short = await post(poor, { pointsToSpend: 100, payments: [{ method: 'cash', amountFen: price - 100 }] });
    expect(short.status).toBe(409);
    expect(short.body.error.fields?.[0]).toMatchObject({ path: 'pointsToSpend', code: 'points.over_balance', params: { points: 0 } });
  });

  it('concurrent spends never overspend, and the balance equals the ledger sum', async () => {
    const patientId = await newPatient();
    await checkout(patientId, { lines: [{ procedureId: procedureId('root-canal') }] });
    const balance = (await points(patientId)).balance;
    await setRules({ earnPointsPerYuan: 0, spendPointsPerYuan: 100, maxSharePercent: 50 });
    try {
      const each = Math.floor(balance / 3) + 1;
      const price = prices.get('xray-panoramic')?.priceFen ?? 0;
      const results = await Promise.all(Array.from({ length: 6 }, () => post(patientId, { pointsToSpend: each, payments: [{ method: 'cash', amountFen: price - each }] })));
      const ok = results.filter((r) => r.status === 201).length;
      expect(ok).toBe(Math.floor(balance / each));
      expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409)).toBe(true);
      const view = await points(patientId);
      expect(view.balance).toBe(balance - ok * each);
      expect(view.entries.reduce((sum, e) => sum + e.points, 0)).toBe(view.balance);
    } finally {
      await setRules({ earnPointsPerYuan: 1, spendPointsPerYuan: 100, maxSharePercent: 50 });
    }
  });

  it('a family card member earns into and spends from the holder’s account', async () => {
    const [holder, child] = [await newPatient(), await newPatient()];
    const plans = await twin.api<{ items: { planId: string; priceFen: number }[] }>('GET', '/plans', { token: frontdesk });
    const seed = plans.body.items.find((p) => p.priceFen === 298_000);
    const sold = await twin.api('POST', `/patients/${holder}/memberships`, {
      token: frontdesk, body: { planId: seed?.planId, clinicId: twin.demo.jinganId, memberPatientIds: [child], payments: [{ method: 'wechat', amountFen: 298_000 }], acknowledgedAt: new Date().toISOString() },
    });
    expect(sold.status, JSON.stringify(sold.body)).toBe(201);
    const visit = await checkout(child);
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const earned = Math.floor(visit.body.totalFen / 100);
    expect(await points(child)).toMatchObject({ ownerPatientId: holder, pooled: true, balance: earned });
    expect(await points(holder)).toMatchObject({ ownerPatientId: holder, pooled: false, balance: earned });
    const spend = await checkout(holder, { pointsToSpend: earned });
    expect(spend.status, JSON.stringify(spend.body)).toBe(201);
    expect((await points(child)).balance).toBe(Math.floor(spend.body.totalFen / 100));
  });

  it('expired lots count for nothing and are dropped, counted, on the next write', async () => {
    const patientId = await newPatient();
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { pointsAccountEntity } = await import('../../functions/adapters/dynamo/entities/points.js');
    const lots = [{ lotId: 'OLD', earnedOn: '2020-01-01', expiresOn: '2021-01-01', points: 700 }, { lotId: 'NEW', earnedOn: today(), expiresOn: '2999-01-01', points: 300 }];
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...pointsAccountEntity.key({ tenantId: twin.demo.tenantId, patientId }), type: pointsAccountEntity.type, lots, version: 1 } }));
    expect((await points(patientId)).balance).toBe(300);
    const price = prices.get('xray-panoramic')?.priceFen ?? 0;
    expect((await post(patientId, { pointsToSpend: 400, payments: [{ method: 'cash', amountFen: price - 400 }] })).status).toBe(409);
    const spent = await checkout(patientId, { pointsToSpend: 300 });
    expect(spent.status, JSON.stringify(spent.body)).toBe(201);
    const view = await points(patientId);
    expect(view.lots.map((l) => l.lotId)).toEqual([spent.body.points?.entryId]);
    expect(view.entries[0]).toMatchObject({ spent: 300, expired: 700 });
  });

  it('a void gives back the points spent and takes back the points earned', async () => {
    const patientId = await newPatient();
    await checkout(patientId, { lines: [{ procedureId: procedureId('root-canal') }] });
    const before = await points(patientId);
    const visit = await checkout(patientId, { pointsToSpend: 500 });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    expect((await points(patientId)).balance).toBe(before.balance - 500 + Math.floor(visit.body.totalFen / 100));
    const voided = await twin.api('POST', `/patients/${patientId}/visits/${visit.body.visitId}/void`, { token: owner, body: { reason: '录错了，重新结账' } });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    const after = await points(patientId);
    expect(after.balance).toBe(before.balance);
    expect(after.lots).toEqual(before.lots);
    expect(after.entries[0]).toMatchObject({ kind: 'void', spent: -500, points: 500 - Math.floor(visit.body.totalFen / 100) });
  });
});
