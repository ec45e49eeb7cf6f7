/**
 * The checkout's price preview on DynamoDB Local: the same read-and-price step as the checkout, so
 * the total it shows is what the checkout then charges (a card-covered cleaning, the member
 * discount and a coupon together); a bad coupon is the checkout's own 400; nothing is written;
 * the stored-value balance only for roles that see money.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Coupon, CouponDefinition } from '../../shared/schemas/coupons.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { CheckoutPreview, Visit } from '../../shared/schemas/visit.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let prices: Map<string, { procedureId: string; priceFen: number }>;
let seedPlan: { planId: string; priceFen: number };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
  const list = await twin.api<{ items: { code: string; procedureId: string; clinicPriceFen: number }[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: frontdesk });
  prices = new Map(list.body.items.map((p) => [p.code, { procedureId: p.procedureId, priceFen: p.clinicPriceFen }]));
  const plans = await twin.api<{ items: { planId: string; priceFen: number }[] }>('GET', '/plans', { token: frontdesk });
  const found = plans.body.items.find((p) => p.priceFen === 298_000);
  if (!found) throw new Error('the seed plan is missing');
  seedPlan = found;
});
afterAll(async () => twin?.stop());

const procedureId = (code: string): string => {
  const found = prices.get(code);
  if (!found) throw new Error(`no ${code}`);
  return found.procedureId;
};
const newPatient = async (name: string): Promise<string> =>
  (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name, phone: `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, clinicId: twin.demo.jinganId } })).body.patientId;
const sellCard = async (patientId: string): Promise<void> => {
  const res = await twin.api('POST', `/patients/${patientId}/memberships`, {
    token: frontdesk, body: { planId: seedPlan.planId, clinicId: twin.demo.jinganId, payments: [{ method: 'wechat', amountFen: seedPlan.priceFen }], acknowledgedAt: new Date().toISOString() },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
};
const issueCoupon = async (patientId: string): Promise<Coupon> => {
  const def = await twin.api<CouponDefinition>('POST', '/coupon-definitions', { token: owner, body: { name: '预览券', value: { kind: 'amount', amountFen: 2_000 }, validity: { days: 30 } } });
  expect(def.status, JSON.stringify(def.body)).toBe(201);
  const coupon = await twin.api<Coupon>('POST', `/patients/${patientId}/coupons`, { token: frontdesk, body: { definitionId: def.body.definitionId } });
  expect(coupon.status).toBe(201);
  return coupon.body;
};
const body = (codes: string[], extra: Record<string, unknown> = {}) => ({
  clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: codes.map((code) => ({ procedureId: procedureId(code) })), ...extra,
});
const preview = (patientId: string, input: Record<string, unknown>, token = frontdesk) =>
  twin.api<CheckoutPreview & Partial<ApiErrorBody>>('POST', `/patients/${patientId}/visits/preview`, { token, body: input });
const checkout = (patientId: string, input: Record<string, unknown>) =>
  twin.api<Visit & Partial<ApiErrorBody>>('POST', `/patients/${patientId}/visits`, { token: frontdesk, body: input });

describe('checkout preview', () => {
  it('prices a covered cleaning, the member discount and a coupon exactly as the checkout then charges', async () => {
    const patientId = await newPatient('预览会员');
    await sellCard(patientId);
    const coupon = await issueCoupon(patientId);
    const input = body(['cleaning', 'filling-resin'], { couponCode: coupon.code });
    const seen = await preview(patientId, input);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    const [cleaning, filling] = seen.body.lines;
    expect(cleaning).toMatchObject({ amountFen: 0, coveredBy: { entitlementKey: 'cleaning', listValueFen: prices.get('cleaning')?.priceFen } });
    expect(filling?.coveredBy).toBeUndefined();
    expect(seen.body.memberDiscountFen).toBeGreaterThan(0);
    expect(seen.body.couponDiscountFen).toBeGreaterThan(0);
    expect(seen.body.listTotalFen).toBe((prices.get('cleaning')?.priceFen ?? 0) + (prices.get('filling-resin')?.priceFen ?? 0));
    expect(seen.body.totalFen).toBe(seen.body.subtotalFen - seen.body.discountFen - seen.body.memberDiscountFen - seen.body.couponDiscountFen);
    expect(seen.body.storedValue).toEqual({ principalFen: 0, bonusFen: 0, totalFen: 0 });
    // a preview writes nothing: the coupon is still there to redeem, the card still covers
    const again = await preview(patientId, input);
    expect(again.body.totalFen).toBe(seen.body.totalFen);

    const done = await checkout(patientId, { ...input, payments: [{ method: 'cash', amountFen: seen.body.totalFen }] });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body.totalFen).toBe(seen.body.totalFen);
    expect(done.body.lines).toEqual(seen.body.lines);
    expect(done.body.memberDiscountFen).toBe(seen.body.memberDiscountFen);
    expect(done.body.couponDiscountFen).toBe(seen.body.couponDiscountFen);
  });

  it('a stored-value balance is shown to the front desk, the total paid with it is accepted', async () => {
    const patientId = await newPatient('预览储值');
    const top = await twin.api('POST', `/patients/${patientId}/wallet/top-ups`, { token: frontdesk, body: { amountFen: 100_000, method: 'wechat' } });
    expect(top.status, JSON.stringify(top.body)).toBe(201);
    const seen = await preview(patientId, body(['cleaning']));
    expect(seen.body.storedValue?.totalFen).toBeGreaterThanOrEqual(100_000);
    const done = await checkout(patientId, body(['cleaning'], { payments: [{ method: 'stored-value', amountFen: seen.body.totalFen }] }));
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    const after = await preview(patientId, body(['cleaning']));
    expect(after.body.storedValue?.totalFen).toBe((seen.body.storedValue?.totalFen ?? 0) - seen.body.totalFen);
  });

  it('a bad coupon is the same 400 as the checkout; an unknown procedure names the line; the dentist may be unchosen', async () => {
    const patientId = await newPatient('预览坏券');
    const bad = body(['cleaning'], { couponCode: 'ZZZZZZZZZZZZ' });
    const seen = await preview(patientId, bad);
    const done = await checkout(patientId, { ...bad, payments: [{ method: 'cash', amountFen: prices.get('cleaning')?.priceFen }] });
    expect(seen.status).toBe(400);
    expect(done.status).toBe(400);
    expect(seen.body.error?.fields?.[0]).toMatchObject({ path: 'couponCode', code: 'coupon.not_found' });
    expect(seen.body.error?.fields?.map((f) => f.code)).toEqual(done.body.error?.fields?.map((f) => f.code));
    const unknown = await preview(patientId, { ...body([]), lines: [{ procedureId: 'NOPE' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.fields?.[0]).toMatchObject({ path: 'lines.0.procedureId', code: 'procedure.unknown' });
    const { dentistId: _unchosen, ...noDentist } = body(['cleaning']);
    expect((await preview(patientId, noDentist)).status).toBe(200);
  });

  it('roles without checkout get 403; another chain’s patient is 404', async () => {
    const patientId = await newPatient('预览权限');
    expect((await preview(patientId, body(['cleaning']), await twin.tokenFor('dentist'))).status).toBe(403);
    expect((await preview(patientId, body(['cleaning']), await twin.tokenFor('marketing'))).status).toBe(403);
    expect((await preview('01HZZZZZZZZZZZZZZZZZZZZZZZ', body(['cleaning']))).status).toBe(404);
  });
});
