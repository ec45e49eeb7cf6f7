/**
 * A membership paid with stored value (issue 11 item 2) on DynamoDB Local: the wallet is debited
 * in the sale's transaction, principal first; a balance too short is 409 with nothing written; a
 * renewal may be paid so too; a cancellation refunded to stored value comes back as principal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { WalletView } from '../../shared/schemas/wallet.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let seed: { planId: string; priceFen: number };
let n = 0;

type View = Partial<ApiErrorBody> & { membershipId: string; status: string; periods?: { pricePaidFen: number; storedValueDebit?: { principalFen: number; bonusFen: number } }[] };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
  const plans = await twin.api<{ items: { planId: string; priceFen: number }[] }>('GET', '/plans', { token: frontdesk });
  const found = plans.body.items.find((p) => p.priceFen === 298_000);
  if (!found) throw new Error('the seed plan is missing');
  seed = found;
});
afterAll(async () => twin?.stop());

const newPatient = async (): Promise<string> => {
  const res = await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `储值会员${n++}`, phone: `1370000${String(2000 + n).padStart(4, '0')}`, clinicId: twin.demo.jinganId } });
  expect(res.status).toBe(201);
  return res.body.patientId;
};
const topUp = (patientId: string, amountFen: number) => twin.api('POST', `/patients/${patientId}/wallet/top-ups`, { token: owner, body: { amountFen, method: 'wechat' } });
const wallet = async (patientId: string) => {
  const res = await twin.api<WalletView>('GET', `/patients/${patientId}/wallet?limit=100`, { token: owner });
  const sum = res.body.entries.reduce((s, e) => ({ principalFen: s.principalFen + e.principalFen, bonusFen: s.bonusFen + e.bonusFen }), { principalFen: 0, bonusFen: 0 });
  expect(sum).toEqual({ principalFen: res.body.principalFen, bonusFen: res.body.bonusFen });
  return res.body;
};
const sell = (patientId: string, payments: { method: string; amountFen: number }[]) =>
  twin.api<View>('POST', `/patients/${patientId}/memberships`, { token: frontdesk, body: { planId: seed.planId, clinicId: twin.demo.jinganId, payments, acknowledgedAt: new Date().toISOString() } });

describe('a membership paid with stored value', () => {
  it('debits the wallet principal first in the sale; the ledger still adds up', async () => {
    const patientId = await newPatient();
    expect((await topUp(patientId, 250_000)).status).toBe(201);
    const before = await wallet(patientId);
    const res = await sell(patientId, [{ method: 'stored-value', amountFen: 200_000 }, { method: 'cash', amountFen: seed.priceFen - 200_000 }]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const after = await wallet(patientId);
    expect(after.principalFen).toBe(before.principalFen - Math.min(200_000, before.principalFen));
    expect(after.principalFen + after.bonusFen).toBe(before.principalFen + before.bonusFen - 200_000);
    expect(res.body.periods?.[0]?.storedValueDebit?.principalFen).toBe(-Math.min(200_000, before.principalFen));
  });

  it('a balance too short is 409 money.over_balance naming the payment, and nothing is sold or debited', async () => {
    const patientId = await newPatient();
    expect((await topUp(patientId, 10_000)).status).toBe(201);
    const before = await wallet(patientId);
    const res = await sell(patientId, [{ method: 'stored-value', amountFen: seed.priceFen }]);
    expect(res.status).toBe(409);
    expect(res.body.error?.fields?.[0]).toMatchObject({ path: 'payments.0.amountFen', code: 'money.over_balance' });
    const list = await twin.api<{ items: View[] }>('GET', `/patients/${patientId}/memberships`, { token: frontdesk });
    expect(list.body.items).toHaveLength(0);
    expect((await wallet(patientId)).principalFen).toBe(before.principalFen);
  });

  it('two sales racing for one balance: exactly one is paid from it', async () => {
    const a = await newPatient();
    expect((await topUp(a, seed.priceFen)).status).toBe(201);
    const sales = await Promise.all([0, 1].map(() =>
      twin.api<View>('POST', `/patients/${a}/memberships`, { token: frontdesk, body: { planId: seed.planId, clinicId: twin.demo.jinganId, payments: [{ method: 'stored-value', amountFen: seed.priceFen }], acknowledgedAt: new Date().toISOString() } })));
    expect(sales.filter((s) => s.status === 201)).toHaveLength(1);
    const w = await wallet(a);
    expect(w.principalFen + w.bonusFen).toBe(Math.max(0, w.principalFen + w.bonusFen));
    expect(w.principalFen).toBeGreaterThanOrEqual(0);
  });

  it('a cancellation refunded to stored value comes back as principal; frontdesk may not refund', async () => {
    const patientId = await newPatient();
    expect((await topUp(patientId, seed.priceFen)).status).toBe(201);
    const sold = await sell(patientId, [{ method: 'stored-value', amountFen: seed.priceFen }]);
    expect(sold.status).toBe(201);
    const before = await wallet(patientId);
    const preview = await twin.api<{ refundableFen: number }>('POST', `/memberships/${sold.body.membershipId}/cancellations`, { token: owner, body: { preview: true } });
    expect(preview.body.refundableFen).toBeGreaterThan(0);
    const body = { reason: '搬家', refund: { method: 'stored-value', amountFen: preview.body.refundableFen } };
    expect((await twin.api('POST', `/memberships/${sold.body.membershipId}/cancellations`, { token: frontdesk, body })).status).toBe(403);
    const done = await twin.api('POST', `/memberships/${sold.body.membershipId}/cancellations`, { token: owner, body });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    const after = await wallet(patientId);
    expect(after.principalFen).toBe(before.principalFen + preview.body.refundableFen);
    expect(after.bonusFen).toBe(before.bonusFen);
  });

  it('a renewal may be paid with stored value too; short is 409 and the card is unchanged', async () => {
    const patientId = await newPatient();
    const sold = await sell(patientId, [{ method: 'wechat', amountFen: seed.priceFen }]);
    expect(sold.status).toBe(201);
    const renew = (amountFen: number) =>
      twin.api<View>('POST', `/memberships/${sold.body.membershipId}/renewals`, { token: frontdesk, body: { clinicId: twin.demo.jinganId, payments: [{ method: 'stored-value', amountFen }], acknowledgedAt: new Date().toISOString() } });
    const short = await renew(seed.priceFen);
    expect(short.status).toBe(409);
    expect(short.body.error?.fields?.[0]?.code).toBe('money.over_balance');
    expect((await topUp(patientId, seed.priceFen)).status).toBe(201);
    const before = await wallet(patientId);
    const renewed = await renew(seed.priceFen);
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(201);
    expect(renewed.body.periods).toHaveLength(2);
    const after = await wallet(patientId);
    expect(after.principalFen + after.bonusFen).toBe(before.principalFen + before.bonusFen - seed.priceFen);
  });

  it('a card paid otherwise cannot be refunded to stored value', async () => {
    const patientId = await newPatient();
    const sold = await sell(patientId, [{ method: 'wechat', amountFen: seed.priceFen }]);
    const res = await twin.api<Partial<ApiErrorBody>>('POST', `/memberships/${sold.body.membershipId}/cancellations`, { token: owner, body: { reason: '搬家', refund: { method: 'stored-value', amountFen: 100 } } });
    expect(res.status).toBe(400);
    expect(res.body.error?.fields?.[0]).toMatchObject({ path: 'refund.method', code: 'payment.not_offered' });
  });
});
