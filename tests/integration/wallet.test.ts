/**
 * Stored value on DynamoDB Local: concurrent debits never overspend, refunds race debits safely,
 * a retried top-up credits once, a void gives back exactly what its debit took, and every route
 * answers by role and tenant (the route-by-route sweep is in access.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { WalletChange, WalletEntry, WalletRulesView, WalletView } from '../../shared/schemas/wallet.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
});
afterAll(async () => twin?.stop());

const newPatient = async (): Promise<string> => {
  const res = await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `储值患者${n++}`, phone: `1360000${String(1000 + n).padStart(4, '0')}`, clinicId: twin.demo.jinganId } });
  expect(res.status).toBe(201);
  return res.body.patientId;
};

const post = <T = WalletChange>(patientId: string, action: string, body: unknown, token = owner) => twin.api<T>('POST', `/patients/${patientId}/wallet/${action}`, { token, body });

/** The whole ledger, page by page, and the balances it must add up to. */
const walletAndLedger = async (patientId: string) => {
  const entries: WalletEntry[] = [];
  let cursor: string | undefined;
  let first: WalletView | undefined;
  do {
    const res = await twin.api<WalletView>('GET', `/patients/${patientId}/wallet?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: owner });
    expect(res.status).toBe(200);
    first ??= res.body;
    entries.push(...res.body.entries);
    cursor = res.body.cursor;
  } while (cursor);
  const sum = entries.reduce((s, e) => ({ principalFen: s.principalFen + e.principalFen, bonusFen: s.bonusFen + e.bonusFen }), { principalFen: 0, bonusFen: 0 });
  return { wallet: first as WalletView, entries, sum };
};

const expectConsistent = async (patientId: string) => {
  const { wallet, entries, sum } = await walletAndLedger(patientId);
  expect(sum).toEqual({ principalFen: wallet.principalFen, bonusFen: wallet.bonusFen });
  expect(wallet.principalFen).toBeGreaterThanOrEqual(0);
  expect(wallet.bonusFen).toBeGreaterThanOrEqual(0);
  return { wallet, entries };
};

describe('concurrent debits', () => {
  it('50 debits of ¥100 against ¥3,000: exactly 30 accepted, 20 × 409, balance 0 and equal to the ledger sum', async () => {
    const patientId = await newPatient();
    expect((await post(patientId, 'top-ups', { amountFen: 300_000, method: 'wechat' })).status).toBe(201);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => post<WalletChange | ApiErrorBody>(patientId, 'debits', { amountFen: 10_000, reason: `并发${i}` }, frontdesk)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.filter((s) => s === 409)).toHaveLength(20);
    const refused = results.find((r) => r.status === 409)?.body as ApiErrorBody;
    expect(refused.error.message).toMatch(/balance/);
    const { wallet, entries } = await expectConsistent(patientId);
    expect(wallet.totalFen).toBe(0);
    expect(entries.filter((e) => e.kind === 'debit')).toHaveLength(30);
  }, 60_000);

  it('a refund racing a debit: one of them adjusts to the other, nothing is overspent', async () => {
    const patientId = await newPatient();
    await post(patientId, 'top-ups', { amountFen: 50_000, method: 'cash' });
    const [refund, debit] = await Promise.all([post(patientId, 'refunds', { method: 'cash' }), post(patientId, 'debits', { amountFen: 20_000, reason: '洁牙' }, frontdesk)]);
    expect(refund.status).toBe(201);
    expect([201, 409]).toContain(debit.status);
    const { wallet } = await expectConsistent(patientId);
    expect(wallet.totalFen).toBe(0);
    // Whatever the order, refund and debit together took exactly the top-up.
    const refunded = -(refund.body as WalletChange).entry.principalFen;
    expect(refunded + (debit.status === 201 ? 20_000 : 0)).toBe(50_000);
  });
});

describe('top-ups, bonus rules and refunds', () => {
  it('a retried top-up with the same key credits once; the same key for another amount is 409', async () => {
    const patientId = await newPatient();
    const body = { amountFen: 10_000, method: 'alipay', idempotencyKey: `topup-${Date.now()}` };
    const first = await post(patientId, 'top-ups', body);
    const again = await post(patientId, 'top-ups', body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect(again.body.entry.entryId).toBe(first.body.entry.entryId);
    const parallel = await Promise.all([1, 2, 3].map(() => post(patientId, 'top-ups', { ...body, idempotencyKey: `${body.idempotencyKey}-p` })));
    expect(parallel.filter((r) => r.status === 201)).toHaveLength(1);
    expect((await post(patientId, 'top-ups', { ...body, amountFen: 20_000 })).status).toBe(409);
    const { wallet } = await expectConsistent(patientId);
    expect(wallet.principalFen).toBe(20_000);
  });

  it('the owner’s tiers add the bonus; debits go principal first; a refund pays principal back and forfeits the bonus', async () => {
    const current = (await twin.api<WalletRulesView>('GET', '/wallet/bonus-rules', { token: owner })).body;
    const put = await twin.api<WalletRulesView>('PUT', '/wallet/bonus-rules', {
      token: owner,
      body: { tiers: [{ thresholdFen: 500_000, bonusFen: 50_000 }, { thresholdFen: 100_000, bonusFen: 5_000 }], debitOrder: 'principal-first', expectedVersion: current.version },
    });
    expect(put.status).toBe(200);
    const stale = await twin.api<ApiErrorBody>('PUT', '/wallet/bonus-rules', { token: owner, body: { tiers: [], debitOrder: 'proportional', expectedVersion: current.version } });
    expect(stale.status).toBe(409);
    expect((await twin.api('PUT', '/wallet/bonus-rules', { token: await twin.tokenFor('manager'), body: { tiers: [], debitOrder: 'proportional', expectedVersion: put.body.version } })).status).toBe(403);

    const patientId = await newPatient();
    const top = await post(patientId, 'top-ups', { amountFen: 500_000, method: 'card' });
    expect(top.body).toMatchObject({ principalFen: 500_000, bonusFen: 50_000 });
    const spent = await post(patientId, 'debits', { amountFen: 30_000, reason: '补牙' }, frontdesk);
    expect(spent.body.entry).toMatchObject({ principalFen: -30_000, bonusFen: 0 });
    const above = await post<ApiErrorBody>(patientId, 'refunds', { amountFen: 470_001, method: 'card' });
    expect(above.status).toBe(400);
    expect(above.body.error.fields?.[0]?.path).toBe('amountFen');
    const back = await post(patientId, 'refunds', { method: 'card' });
    expect(back.body.entry).toMatchObject({ kind: 'refund', principalFen: -470_000, bonusFen: -50_000, method: 'card' });
    const { wallet } = await expectConsistent(patientId);
    expect(wallet.totalFen).toBe(0);
    await twin.api('PUT', '/wallet/bonus-rules', { token: owner, body: { tiers: [], debitOrder: 'principal-first', expectedVersion: put.body.version } });
  });

  it('floats, negatives and zero are 400 naming amountFen; nothing is written', async () => {
    const patientId = await newPatient();
    for (const amountFen of [100.5, -100, 0, '100']) {
      const res = await post<ApiErrorBody>(patientId, 'top-ups', { amountFen, method: 'cash' });
      expect(res.status).toBe(400);
      expect(res.body.error.fields?.[0]?.path).toBe('amountFen');
    }
    expect((await post<ApiErrorBody>(patientId, 'debits', { amountFen: 1.5, reason: 'x' })).status).toBe(400);
    const { entries } = await expectConsistent(patientId);
    expect(entries).toEqual([]);
  });

  it('a debit may name only a visit of this patient: another chain’s or a made-up visit id is 400 naming visitId (found by the fuzz)', async () => {
    const patientId = await newPatient();
    await post(patientId, 'top-ups', { amountFen: 10_000, method: 'cash' });
    const res = await post<ApiErrorBody>(patientId, 'debits', { amountFen: 100, reason: '洁牙', visitId: 'VEAFCC98B06CDE3507055FC383' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]).toMatchObject({ path: 'visitId', code: 'id.invalid' });
    const { entries } = await expectConsistent(patientId);
    expect(entries.filter((e) => (e as { kind?: string }).kind === 'debit')).toEqual([]);
  });
});

describe('voids and transfers', () => {
  it('a void restores exactly what the debit took, once', async () => {
    const current = (await twin.api<WalletRulesView>('GET', '/wallet/bonus-rules', { token: owner })).body;
    await twin.api('PUT', '/wallet/bonus-rules', { token: owner, body: { tiers: [{ thresholdFen: 10_000, bonusFen: 1_000 }], debitOrder: 'proportional', expectedVersion: current.version } });
    const patientId = await newPatient();
    await post(patientId, 'top-ups', { amountFen: 10_000, method: 'cash' });
    const debit = await post(patientId, 'debits', { amountFen: 1_101, reason: '洁牙' });
    expect(debit.body.entry).toMatchObject({ principalFen: -1_001, bonusFen: -100 });
    const voidPath = `debits/${debit.body.entry.entryId}/void`;
    expect((await post(patientId, voidPath, { reason: '收错' }, frontdesk)).status).toBe(403);
    const [a, b] = await Promise.all([post(patientId, voidPath, { reason: '收错' }), post(patientId, voidPath, { reason: '收错' })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const { wallet, entries } = await expectConsistent(patientId);
    expect(wallet).toMatchObject({ principalFen: 10_000, bonusFen: 1_000 });
    expect(entries.find((e) => e.kind === 'void')).toMatchObject({ principalFen: 1_001, bonusFen: 100, refEntryId: debit.body.entry.entryId });
    expect((await post(patientId, `debits/${entries.find((e) => e.kind === 'top-up')?.entryId}/void`, { reason: 'x' })).status).toBe(400);
    expect((await post(patientId, 'debits/01ARZ3NDEKTSV4RRFFQ69G5FAV/void', { reason: 'x' })).status).toBe(404);
    const latest = (await twin.api<WalletRulesView>('GET', '/wallet/bonus-rules', { token: owner })).body;
    await twin.api('PUT', '/wallet/bonus-rules', { token: owner, body: { tiers: [], debitOrder: 'principal-first', expectedVersion: latest.version } });
  });

  it('a transfer moves value to a family member only, by owner or manager', async () => {
    const [from, to, stranger] = [await newPatient(), await newPatient(), await newPatient()];
    const fam = (await twin.api<{ family: { familyId: string } }>('PUT', `/patients/${from}/family`, { token: owner, body: { familyId: 'new', relation: 'self' } })).body;
    const joined = await twin.api('PUT', `/patients/${to}/family`, { token: owner, body: { familyId: fam.family.familyId, relation: 'spouse' } });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    await post(from, 'top-ups', { amountFen: 20_000, method: 'cash' });
    expect((await post(from, 'transfers', { toPatientId: to, amountFen: 5_000 }, frontdesk)).status).toBe(403);
    const outsider = await post<ApiErrorBody>(from, 'transfers', { toPatientId: stranger, amountFen: 5_000 });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.fields?.[0]?.path).toBe('toPatientId');
    const tooMuch = await post<ApiErrorBody>(from, 'transfers', { toPatientId: to, amountFen: 30_000 }, await twin.tokenFor('manager'));
    expect(tooMuch.status, JSON.stringify(tooMuch.body)).toBe(409);
    expect((await post(from, 'transfers', { toPatientId: to, amountFen: 5_000 }, await twin.tokenFor('manager'))).status).toBe(201);
    expect((await expectConsistent(from)).wallet.principalFen).toBe(15_000);
    expect((await expectConsistent(to)).wallet.principalFen).toBe(5_000);
  });
});

describe('merging', () => {
  it('a record holding stored value merges with it: the whole balance moves with a ledger row each side (member-edges.test.ts has more)', async () => {
    const [target, source] = [await newPatient(), await newPatient()];
    await post(source, 'top-ups', { amountFen: 1_000, method: 'cash' });
    expect((await twin.api('POST', `/patients/${target}/merge`, { token: owner, body: { sourcePatientId: source } })).status).toBe(200);
    const { wallet, entries } = await expectConsistent(target);
    expect(wallet.principalFen).toBe(1_000);
    expect(entries.map((e) => e.kind)).toEqual(['merge-in']);
  });
});

describe('roles and tenants', () => {
  it('dentists and marketing see no money; another chain’s owner gets 404', async () => {
    const patientId = await newPatient();
    for (const role of ['dentist', 'marketing'] as const) {
      const token = await twin.tokenFor(role);
      expect((await twin.api('GET', `/patients/${patientId}/wallet`, { token })).status).toBe(403);
      expect((await twin.api('GET', '/wallet/bonus-rules', { token })).status).toBe(403);
      expect((await post(patientId, 'top-ups', { amountFen: 100, method: 'cash' }, token)).status).toBe(403);
    }
    expect((await post(patientId, 'refunds', { method: 'cash' }, frontdesk)).status).toBe(403);
    const other = await twin.otherChain();
    expect((await twin.api('GET', `/patients/${patientId}/wallet`, { token: other.ownerToken })).status).toBe(404);
    expect((await post(patientId, 'top-ups', { amountFen: 100, method: 'cash' }, other.ownerToken)).status).toBe(404);
    const otherRules = await twin.api<WalletRulesView>('GET', '/wallet/bonus-rules', { token: other.ownerToken });
    expect(otherRules.body.tiers).toEqual([]);
  });
});

describe('bonus expiry (the owner’s validity for top-up bonus)', () => {
  const setRules = async (body: Record<string, unknown>) => {
    const current = await twin.api<WalletRulesView>('GET', '/wallet/bonus-rules', { token: owner });
    return twin.api<WalletRulesView & ApiErrorBody>('PUT', '/wallet/bonus-rules', { token: owner, body: { tiers: current.body.tiers, debitOrder: 'proportional', ...body, expectedVersion: current.body.version } });
  };
  const expire = async (today: string) => (await import('../../functions/services/bonus-expiry.js')).expireBonuses(twin.demo.tenantId, today, new Date());

  it('a validity outside 1–60 months is a 400 naming bonusValidMonths; nothing changes', async () => {
    const before = await twin.api<WalletRulesView>('GET', '/wallet/bonus-rules', { token: owner });
    const res = await setRules({ tiers: [{ thresholdFen: 500_000, bonusFen: 50_000 }], bonusValidMonths: 61 });
    expect(res.status).toBe(400);
    expect(res.body.error?.fields?.map((f) => f.path)).toContain('bonusValidMonths');
    expect((await twin.api<WalletRulesView>('GET', '/wallet/bonus-rules', { token: owner })).body.version).toBe(before.body.version);
  });

  it('lapses what is left of the bonus after its last day, once, even with two runs at once; the balance stays the ledger sum', async () => {
    expect((await setRules({ tiers: [{ thresholdFen: 500_000, bonusFen: 50_000 }], bonusValidMonths: 12 })).status).toBe(200);
    const patientId = await newPatient();
    const top = await post(patientId, 'top-ups', { amountFen: 500_000, method: 'wechat' });
    expect(top.status).toBe(201);
    const lastDay = top.body.entry.bonusExpiresOn as string;
    expect(lastDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Proportional: a ¥1,100 debit takes ¥100 of the bonus.
    expect((await post(patientId, 'debits', { amountFen: 110_000, reason: '治疗' })).status).toBe(201);
    expect((await walletAndLedger(patientId)).wallet.bonusExpiring).toEqual([{ expiresOn: lastDay, fen: 40_000 }]);

    expect((await expire(lastDay)).lapsedFen).toBe(0);
    const dayAfter = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const runs = await Promise.all([expire(dayAfter), expire(dayAfter)]);
    expect(runs.reduce((s, r) => s + r.lapsedFen, 0)).toBeGreaterThanOrEqual(40_000);
    const { wallet, entries } = await expectConsistent(patientId);
    expect(entries.filter((e) => e.kind === 'bonus-expiry').map((e) => e.bonusFen)).toEqual([-40_000]);
    expect(wallet).toMatchObject({ principalFen: 400_000, bonusFen: 0, bonusExpiring: [] });
    expect((await expire(dayAfter)).patients).toBe(0);
    await setRules({ tiers: [], bonusValidMonths: null });
  });

  it('a debit voided after its bonus lapsed gives that bonus back only to lapse again at the next run', async () => {
    expect((await setRules({ tiers: [{ thresholdFen: 100_000, bonusFen: 10_000 }], bonusValidMonths: 1 })).status).toBe(200);
    const patientId = await newPatient();
    const top = await post(patientId, 'top-ups', { amountFen: 100_000, method: 'cash' });
    const spent = await post(patientId, 'debits', { amountFen: 110_000, reason: '全部' });
    expect(spent.body.entry.bonusFen).toBe(-10_000);
    const lastDay = top.body.entry.bonusExpiresOn as string;
    const dayAfter = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await expire(dayAfter)).lapsedFen).toBe(0);
    expect((await post(patientId, `debits/${spent.body.entry.entryId}/void`, { reason: '录错' })).status).toBe(201);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect((await expire(tomorrow > dayAfter ? tomorrow : dayAfter)).lapsedFen).toBe(10_000);
    const { wallet } = await expectConsistent(patientId);
    expect(wallet).toMatchObject({ principalFen: 100_000, bonusFen: 0 });
    await setRules({ tiers: [], bonusValidMonths: null });
  });
});
