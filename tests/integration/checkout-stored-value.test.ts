/**
 * Stored value as a checkout payment, on DynamoDB Local: the debit commits with the visit (principal
 * first, or proportional by the owner's rule), a short balance is a 409 and writes nothing, two
 * checkouts racing for one balance never overspend, and voiding the visit restores the debit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import type { WalletChange, WalletRulesView, WalletView } from '../../shared/schemas/wallet.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let procedures: Map<string, Procedure>;
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
  const list = await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token: frontdesk });
  procedures = new Map(list.body.items.map((p) => [p.code, p]));
});
afterAll(async () => twin?.stop());

const procedure = (code: string): Procedure => {
  const p = procedures.get(code);
  if (!p) throw new Error(`no procedure ${code} in the demo catalog`);
  return p;
};
const priceOf = (code: string) => procedure(code).priceFen;

const newPatient = async (): Promise<string> => {
  const res = await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: `储值结账${n++}`, phone: `1371${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, clinicId: twin.demo.jinganId } });
  expect(res.status).toBe(201);
  return res.body.patientId;
};
const topUp = async (patientId: string, amountFen: number) => {
  const res = await twin.api<WalletChange>('POST', `/patients/${patientId}/wallet/top-ups`, { token: owner, body: { amountFen, method: 'wechat' } });
  expect(res.status).toBe(201);
};
const wallet = async (patientId: string) => {
  const res = await twin.api<WalletView>('GET', `/patients/${patientId}/wallet?limit=100`, { token: owner });
  const sum = res.body.entries.reduce((s, e) => ({ principalFen: s.principalFen + e.principalFen, bonusFen: s.bonusFen + e.bonusFen }), { principalFen: 0, bonusFen: 0 });
  expect(sum).toEqual({ principalFen: res.body.principalFen, bonusFen: res.body.bonusFen });
  return res.body;
};
const checkout = (patientId: string, payments: unknown[], code = 'cleaning') =>
  twin.api<Visit & ApiErrorBody>('POST', `/patients/${patientId}/visits`, { token: frontdesk, body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: procedure(code).procedureId }], payments } });
/** The owner's liability for the clinic (the Members page): it moves with every debit and void, like the balances. */
const principalOwed = async (): Promise<number> => {
  const today = new Date().toISOString().slice(0, 10);
  const res = await twin.api<{ liability: { clinics: { clinicId: string; storedValuePrincipalFen: number }[] } }>('GET', `/members/overview?from=${today}&to=${today}`, { token: owner });
  expect(res.status).toBe(200);
  return res.body.liability.clinics.find((c) => c.clinicId === twin.demo.jinganId)?.storedValuePrincipalFen ?? 0;
};
const visits = async (patientId: string) => (await twin.api<{ items: Visit[] }>('GET', `/patients/${patientId}/visits`, { token: frontdesk })).body.items;

describe('stored value as a checkout payment', () => {
  it('debits principal first in the checkout, records it on the visit, and a void restores it exactly', async () => {
    const patientId = await newPatient();
    await topUp(patientId, 100_000);
    const owedBefore = await principalOwed();
    const price = priceOf('cleaning');
    const res = await checkout(patientId, [{ method: 'stored-value', amountFen: price - 1_000 }, { method: 'cash', amountFen: 1_000 }]);
    expect(res.status).toBe(201);
    expect(await principalOwed()).toBe(owedBefore - (price - 1_000));
    expect(res.body.storedValueDebit).toMatchObject({ principalFen: -(price - 1_000), bonusFen: 0 });
    const after = await wallet(patientId);
    expect(after.principalFen).toBe(100_000 - (price - 1_000));
    const debit = after.entries.find((e) => e.kind === 'debit');
    expect(debit).toMatchObject({ visitId: res.body.visitId, source: 'checkout', entryId: res.body.storedValueDebit?.entryId });
    // Given back with the visit, never on its own.
    const alone = await twin.api<ApiErrorBody>('POST', `/patients/${patientId}/wallet/debits/${debit?.entryId}/void`, { token: owner, body: { reason: '单独红冲' } });
    expect(alone.status).toBe(409);
    const voided = await twin.api<Visit>('POST', `/patients/${patientId}/visits/${res.body.visitId}/void`, { token: owner, body: { reason: '录错了' } });
    expect(voided.status).toBe(200);
    const restored = await wallet(patientId);
    expect(restored.principalFen).toBe(100_000);
    expect(await principalOwed()).toBe(owedBefore);
    expect(restored.entries.find((e) => e.kind === 'void')).toMatchObject({ refEntryId: debit?.entryId, visitId: res.body.visitId });
    expect(restored.entries.find((e) => e.kind === 'debit')?.voidedAt).toBeTruthy();
  });

  it('a balance too short is a 409 naming the payment, and nothing is written', async () => {
    const patientId = await newPatient();
    await topUp(patientId, 1_000);
    const price = priceOf('cleaning');
    const res = await checkout(patientId, [{ method: 'stored-value', amountFen: price }]);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/stored value is ¥10\.00/);
    expect(res.body.error.fields?.[0]).toMatchObject({ path: 'payments.0.amountFen', code: 'money.over_balance' });
    expect(await visits(patientId)).toHaveLength(0);
    const after = await wallet(patientId);
    expect(after.principalFen).toBe(1_000);
    expect(after.entries).toHaveLength(1);
  });

  it('two checkouts at once against one balance that covers one: one visit, one debit, no overspend', async () => {
    const patientId = await newPatient();
    const price = priceOf('cleaning');
    await topUp(patientId, price + 500);
    const results = await Promise.all([checkout(patientId, [{ method: 'stored-value', amountFen: price }]), checkout(patientId, [{ method: 'stored-value', amountFen: price }])]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = results.find((r) => r.status === 409);
    expect(refused?.body.error.message).toMatch(/stored value is ¥5\.00/);
    expect(await visits(patientId)).toHaveLength(1);
    const after = await wallet(patientId);
    expect(after.principalFen + after.bonusFen).toBe(500);
    expect(after.entries.filter((e) => e.kind === 'debit')).toHaveLength(1);
  }, 30_000);

  it('proportional when the owner chooses it: principal and bonus in their ratio, restored part by part', async () => {
    const rules = (await twin.api<WalletRulesView>('GET', '/wallet/bonus-rules', { token: owner })).body;
    const set = await twin.api<WalletRulesView>('PUT', '/wallet/bonus-rules', { token: owner, body: { tiers: [{ thresholdFen: 100_000, bonusFen: 100_000 - 1 }], debitOrder: 'proportional', expectedVersion: rules.version } });
    expect(set.status).toBe(200);
    try {
      const patientId = await newPatient();
      await topUp(patientId, 100_000);
      const res = await checkout(patientId, [{ method: 'stored-value', amountFen: priceOf('cleaning') }]);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const debit = res.body.storedValueDebit;
      expect((debit?.principalFen ?? 0) + (debit?.bonusFen ?? 0)).toBe(-priceOf('cleaning'));
      expect(debit?.bonusFen).toBeLessThan(0);
      await twin.api('POST', `/patients/${patientId}/visits/${res.body.visitId}/void`, { token: owner, body: { reason: '录错了' } });
      const restored = await wallet(patientId);
      expect(restored).toMatchObject({ principalFen: 100_000, bonusFen: 99_999 });
    } finally {
      const now = (await twin.api<WalletRulesView>('GET', '/wallet/bonus-rules', { token: owner })).body;
      await twin.api('PUT', '/wallet/bonus-rules', { token: owner, body: { tiers: rules.tiers, debitOrder: rules.debitOrder, expectedVersion: now.version } });
    }
  });
});
