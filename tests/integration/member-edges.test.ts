/**
 * The edges of memberships and stored value on DynamoDB Local: a family member on one active card
 * at a time (also under two concurrent sales), merging two records of one person carries cards
 * and stored value to the fen, a voided first paid visit claws the referral reward back, and
 * bonus expiry keeps balance = ledger sum.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import type { WalletEntry, WalletView } from '../../shared/schemas/wallet.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let prices: Map<string, { procedureId: string; priceFen: number }>;
let seed: { planId: string; priceFen: number };

type Left = { key: string; left: number | 'unlimited'; nextDay?: string };
type View = Partial<ApiErrorBody> & { membershipId: string; holderPatientId: string; memberPatientIds: string[]; status: string; entitlements: { patientId: string; left: Left[] }[] };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
  const list = await twin.api<{ items: { code: string; procedureId: string; clinicPriceFen: number }[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: frontdesk });
  prices = new Map(list.body.items.map((p) => [p.code, { procedureId: p.procedureId, priceFen: p.clinicPriceFen }]));
  const plans = await twin.api<{ items: { planId: string; priceFen: number }[] }>('GET', '/plans', { token: frontdesk });
  const found = plans.body.items.find((p) => p.priceFen === 298_000);
  if (!found) throw new Error('the seed plan is missing');
  seed = found;
});
afterAll(async () => twin?.stop());

const newPatient = async (name: string, extra: Record<string, unknown> = {}) =>
  (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name, phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, clinicId: twin.demo.jinganId, ...extra } })).body;
const sell = (holderId: string, body: Record<string, unknown> = {}) =>
  twin.api<View>('POST', `/patients/${holderId}/memberships`, {
    token: frontdesk,
    body: { planId: seed.planId, clinicId: twin.demo.jinganId, payments: [{ method: 'wechat', amountFen: seed.priceFen }], acknowledgedAt: new Date().toISOString(), ...body },
  });
const checkout = (patientId: string, codes: string[], paidFen: number) =>
  twin.api<Visit & Partial<ApiErrorBody>>('POST', `/patients/${patientId}/visits`, {
    token: frontdesk,
    body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: codes.map((c) => ({ procedureId: prices.get(c)?.procedureId })), payments: paidFen ? [{ method: 'cash', amountFen: paidFen }] : [] },
  });
const view = async (membershipId: string) => (await twin.api<View>('GET', `/memberships/${membershipId}`, { token: frontdesk })).body;
const cardsOf = async (patientId: string) => (await twin.api<{ items: View[] }>('GET', `/patients/${patientId}/memberships`, { token: frontdesk })).body.items;
const left = (v: View, patientId: string, key: string) => v.entitlements.find((e) => e.patientId === patientId)?.left.find((l) => l.key === key);

describe('a family member is on one active card at a time', () => {
  it('a second card naming the same member is 409 naming memberPatientIds.0; after the first is cancelled it sells', async () => {
    const [mum, dad, child] = [await newPatient('妈妈'), await newPatient('爸爸'), await newPatient('孩子')];
    const first = await sell(mum.patientId, { memberPatientIds: [child.patientId] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await sell(dad.patientId, { memberPatientIds: [child.patientId] });
    expect(second.status).toBe(409);
    expect(second.body.error?.fields?.[0]).toMatchObject({ path: 'memberPatientIds.0', code: 'membership.family_on_card' });
    expect(await cardsOf(dad.patientId)).toHaveLength(0);
    const cancel = await twin.api('POST', `/memberships/${first.body.membershipId}/cancellations`, { token: owner, body: { reason: '家庭改由爸爸办卡', refund: { amountFen: 0, method: 'wechat' } } });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(201);
    expect((await sell(dad.patientId, { memberPatientIds: [child.patientId] })).status).toBe(201);
  });

  it('two concurrent sales naming the same member: exactly one commits, the other is 409', async () => {
    const [a, b, child] = [await newPatient('并发甲'), await newPatient('并发乙'), await newPatient('并发孩子')];
    const results = await Promise.all([sell(a.patientId, { memberPatientIds: [child.patientId] }), sell(b.patientId, { memberPatientIds: [child.patientId] })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.error?.fields?.[0]?.code).toBe('membership.family_on_card');
    const covering = (await cardsOf(child.patientId)).filter((c) => c.status === 'active');
    expect(covering).toHaveLength(1);
  });
});

const walletOf = async (patientId: string) => (await twin.api<WalletView>('GET', `/patients/${patientId}/wallet?limit=100`, { token: owner })).body;
const sumOf = (entries: readonly WalletEntry[]) => entries.reduce((s, e) => ({ principalFen: s.principalFen + e.principalFen, bonusFen: s.bonusFen + e.bonusFen }), { principalFen: 0, bonusFen: 0 });
const topUp = (patientId: string, amountFen: number) => twin.api('POST', `/patients/${patientId}/wallet/top-ups`, { token: owner, body: { amountFen, method: 'cash' } });

describe('merging two records of one person carries cards and stored value', () => {
  it('both held an active card: the kept record holds two; the family link, the counters and the wallet follow to the fen', async () => {
    const [keep, duplicate, child] = [await newPatient('合并保留'), await newPatient('合并重复'), await newPatient('合并孩子')];
    const cardA = (await sell(keep.patientId)).body.membershipId;
    const sold = await sell(duplicate.patientId, { memberPatientIds: [child.patientId] });
    expect(sold.status).toBe(201);
    const cardB = sold.body.membershipId;
    expect((await topUp(keep.patientId, 100_000)).status).toBe(201);
    expect((await topUp(duplicate.patientId, 234_567)).status).toBe(201);
    expect((await twin.api('POST', `/patients/${duplicate.patientId}/wallet/debits`, { token: owner, body: { amountFen: 4_501, reason: '洁牙自付' } })).status).toBe(201);
    // The duplicate used the card's interval cleaning before the merge.
    const used = await checkout(duplicate.patientId, ['cleaning'], 0);
    expect(used.status, JSON.stringify(used.body)).toBe(201);
    expect(used.body.lines[0]?.coveredBy?.membershipId).toBe(cardB);

    const merged = await twin.api('POST', `/patients/${keep.patientId}/merge`, { token: owner, body: { sourcePatientId: duplicate.patientId } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);

    const cards = await cardsOf(keep.patientId);
    expect(cards.map((c) => c.membershipId).sort()).toEqual([cardA, cardB].sort());
    expect(cards.every((c) => c.holderPatientId === keep.patientId && c.status === 'active')).toBe(true);
    expect((await view(cardB)).memberPatientIds).toEqual([keep.patientId, child.patientId]);
    expect((await cardsOf(child.patientId)).map((c) => [c.membershipId, c.holderPatientId])).toEqual([[cardB, keep.patientId]]);
    // The interval use moved with the person: the cleaning is not covered again at once on card B.
    expect(left(await view(cardB), keep.patientId, 'cleaning')?.nextDay).toBeDefined();

    const wallet = await walletOf(keep.patientId);
    expect(wallet.principalFen).toBe(100_000 + 234_567 - 4_501);
    expect(sumOf(wallet.entries)).toEqual({ principalFen: wallet.principalFen, bonusFen: wallet.bonusFen });
    expect(wallet.entries.find((e) => e.kind === 'merge-in')).toMatchObject({ principalFen: 230_066, counterpartPatientId: duplicate.patientId });
    const repo = await import('../../functions/adapters/dynamo/wallet-repository.js');
    const left0 = await repo.getWalletAccount(twin.demo.tenantId, duplicate.patientId);
    const ledger = await repo.listWalletEntries(twin.demo.tenantId, duplicate.patientId, { limit: 100 });
    expect(left0).toMatchObject({ principalFen: 0, bonusFen: 0 });
    expect(sumOf(ledger.entries)).toEqual({ principalFen: 0, bonusFen: 0 });

    // The duplicate's visit, now the kept record's, voids and gives the use back to card B.
    const voided = await twin.api('POST', `/patients/${keep.patientId}/visits/${used.body.visitId}/void`, { token: owner, body: { reason: '合并前录入错误' } });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(left(await view(cardB), keep.patientId, 'cleaning')?.nextDay).toBeUndefined();
  });

  it('a duplicate that was a family member: the kept record takes its place on the card', async () => {
    const [holder, keep, duplicate] = [await newPatient('卡主'), await newPatient('成员保留'), await newPatient('成员重复')];
    const card = (await sell(holder.patientId, { memberPatientIds: [duplicate.patientId] })).body.membershipId;
    expect((await twin.api('POST', `/patients/${keep.patientId}/merge`, { token: owner, body: { sourcePatientId: duplicate.patientId } })).status).toBe(200);
    expect((await view(card)).memberPatientIds).toEqual([holder.patientId, keep.patientId]);
    expect((await cardsOf(keep.patientId)).map((c) => c.membershipId)).toEqual([card]);
    // Its marker moved too: another card naming the kept record is refused.
    const other = await sell((await newPatient('另一卡主')).patientId, { memberPatientIds: [keep.patientId] });
    expect(other.body.error?.fields?.[0]?.code).toBe('membership.family_on_card');
  });
});

describe('the referral reward is clawed back when the first paid visit is voided', () => {
  type Voided = Visit & { referralClawback?: { clawedBackCount: number; alreadyUsedCount: number } };
  const price = (code: string) => prices.get(code)?.priceFen ?? 0;
  const referredBy = async (referrerId: string) => newPatient('被推荐', { referrer: { kind: 'patient', patientId: referrerId } });
  const voidVisit = (patientId: string, visitId: string) => twin.api<Voided>('POST', `/patients/${patientId}/visits/${visitId}/void`, { token: owner, body: { reason: '录入错误，冲红' } });

  it('unused: the reward is taken back with the void', async () => {
    const referrer = await newPatient('推荐人甲');
    const card = (await sell(referrer.patientId)).body.membershipId;
    const referred = await referredBy(referrer.patientId);
    const paid = await checkout(referred.patientId, ['filling-resin'], price('filling-resin'));
    expect(paid.status).toBe(201);
    expect(left(await view(card), referrer.patientId, 'referral-cleaning')?.left).toBe(1);
    const voided = await voidVisit(referred.patientId, paid.body.visitId);
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body.referralClawback).toMatchObject({ clawedBackCount: 1, alreadyUsedCount: 0 });
    expect(left(await view(card), referrer.patientId, 'referral-cleaning')).toBeUndefined();
  });

  it('already used: nothing is taken from the referrer; the void says so', async () => {
    const referrer = await newPatient('推荐人乙');
    const card = (await sell(referrer.patientId)).body.membershipId;
    const referred = await referredBy(referrer.patientId);
    const paid = await checkout(referred.patientId, ['filling-resin'], price('filling-resin'));
    expect((await checkout(referrer.patientId, ['cleaning'], 0)).body.lines?.[0]?.coveredBy?.entitlementKey).toBe('cleaning');
    expect((await checkout(referrer.patientId, ['cleaning'], 0)).body.lines?.[0]?.coveredBy?.entitlementKey).toBe('referral-cleaning');
    const voided = await voidVisit(referred.patientId, paid.body.visitId);
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body.referralClawback).toMatchObject({ clawedBackCount: 0, alreadyUsedCount: 1 });
    expect(left(await view(card), referrer.patientId, 'referral-cleaning')?.left).toBe(0);
  });
});
