import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { addMonths } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let prices: Map<string, { procedureId: string; priceFen: number }>;
let seed: { planId: string; priceFen: number };

type Left = { key: string; left: number | 'unlimited'; nextDay?: string };
type View = Partial<ApiErrorBody> & {
  membershipId: string; status: string; endDate: string; planVersion: number; valueReceivedFen?: number; periods?: { pricePaidFen: number; startDate: string; endDate: string }[];
  terms: { priceFen?: number }; entitlements: { patientId: string; left: Left[] }[];
};

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

const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const price = (code: string) => prices.get(code)?.priceFen ?? 0;
const newPatient = async (name: string) =>
  (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name, phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, clinicId: twin.demo.jinganId } })).body;
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
const view = async (membershipId: string, token = frontdesk) => (await twin.api<View>('GET', `/memberships/${membershipId}`, { token })).body;
const left = (v: View, patientId: string, key: string) => v.entitlements.find((e) => e.patientId === patientId)?.left.find((l) => l.key === key);

describe('selling the seed plan to a family and using it at checkout', () => {
  let holder: Patient;
  let child: Patient;
  let membershipId: string;

  beforeAll(async () => {
    holder = await newPatient('会员家长');
    child = await newPatient('会员孩子');
    const res = await sell(holder.patientId, { memberPatientIds: [child.patientId], promotionCode: 'FIRSTMONTH300', payments: [{ method: 'wechat', amountFen: 268_000 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    membershipId = res.body.membershipId;
  });

  it('records the contract: first-month promotion, a year from today, the family on the card', async () => {
    const v = await view(membershipId);
    expect(v).toMatchObject({ status: 'active', endDate: addMonths(shanghaiToday(), 12), planVersion: 1, valueReceivedFen: 0 });
    expect(v.periods?.[0]?.pricePaidFen).toBe(268_000);
    expect(v.entitlements.map((e) => e.patientId)).toEqual([holder.patientId, child.patientId]);
  });

  it('a sale retried with the same idempotency key sells once', async () => {
    const buyer = await newPatient('重试会员');
    const first = await sell(buyer.patientId, { idempotencyKey: 'sale-retry-0001' });
    expect(first.status).toBe(201);
    const again = await sell(buyer.patientId, { idempotencyKey: 'sale-retry-0001' });
    expect(again.status).toBe(200);
    expect(again.body.membershipId).toBe(first.body.membershipId);
    const list = await twin.api<{ items: View[] }>('GET', `/patients/${buyer.patientId}/memberships`, { token: frontdesk });
    expect(list.body.items).toHaveLength(1);
  });

  it('a promotion only for a first purchase, payments that do not add up, and too big a family are 400 naming the field', async () => {
    const again = await sell(holder.patientId, { promotionCode: 'FIRSTMONTH300', payments: [{ method: 'wechat', amountFen: 268_000 }] });
    expect(again.status).toBe(400);
    expect(again.body.error?.fields?.map((f) => f.path)).toContain('promotionCode');
    const short = await sell((await newPatient('少付')).patientId, { payments: [{ method: 'wechat', amountFen: 100 }] });
    expect(short.body.error?.fields?.map((f) => f.path)).toContain('payments');
    const others = await Promise.all([1, 2, 3].map((i) => newPatient(`家人${i}`)));
    const big = await sell((await newPatient('大家庭')).patientId, { memberPatientIds: others.map((p) => p.patientId) });
    expect(big.body.error?.fields?.map((f) => f.path)).toContain('memberPatientIds');
    const float = await sell((await newPatient('小数')).patientId, { payments: [{ method: 'wechat', amountFen: 2980.5 }] });
    expect(float.status).toBe(400);
  });

  it('a family member’s cleaning is priced 0 and counted; the value received is its list price; the discount takes 10% off a filling', async () => {
    const res = await checkout(child.patientId, ['cleaning', 'filling-resin'], price('filling-resin') - Math.floor(price('filling-resin') / 10));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.lines[0]).toMatchObject({ code: 'cleaning', amountFen: 0, coveredBy: { membershipId, entitlementKey: 'cleaning', listValueFen: price('cleaning') } });
    expect(res.body.memberDiscountFen).toBe(Math.floor(price('filling-resin') / 10));
    const v = await view(membershipId);
    expect(v.valueReceivedFen).toBe(price('cleaning'));
    expect(left(v, child.patientId, 'cleaning')?.nextDay).toBeDefined();
    expect(left(v, holder.patientId, 'cleaning')?.nextDay).toBeUndefined();
    // Reasonable use: a second cleaning within 30 days is paid.
    const second = await checkout(child.patientId, ['cleaning'], price('cleaning') - Math.floor(price('cleaning') / 10));
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.lines[0]?.coveredBy).toBeUndefined();
  });

  it('concurrent checkouts of the family against 2 periodontal treatments never use more than 2; void gives one back', async () => {
    const results = await Promise.all([holder, child, holder, child, holder].map((p) => checkout(p.patientId, ['perio-therapy'], 0)));
    const accepted = results.filter((r) => r.status === 201);
    // A checkout that races a use is refused with 409; one that reads after the benefit is used up
    // prices the treatment in full, so its empty payment no longer adds up: 400 naming payments.
    for (const r of results.filter((r) => r.status !== 201)) {
      if (r.status === 409) expect(r.body.error?.message).toMatch(/reload the patient/);
      else {
        expect(r.status).toBe(400);
        expect(r.body.error?.fields?.map((f) => f.path)).toContain('payments');
      }
    }
    expect(accepted.length).toBeLessThanOrEqual(2);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    let v = await view(membershipId);
    expect(left(v, holder.patientId, 'perio')?.left).toBe(2 - accepted.length);
    const first = accepted[0]?.body as Visit;
    const voided = await twin.api('POST', `/patients/${first.patientId}/visits/${first.visitId}/void`, { token: owner, body: { reason: '录入错误' } });
    expect(voided.status).toBe(200);
    v = await view(membershipId);
    expect(left(v, holder.patientId, 'perio')?.left).toBe(3 - accepted.length);
  });

  it('marketing sees plan and status without money; dentists the entitlements', async () => {
    for (const role of ['marketing', 'dentist'] as const) {
      const v = await view(membershipId, await twin.tokenFor(role));
      expect(v.status).toBe('active');
      expect(v.entitlements.length).toBe(2);
      expect(v).not.toHaveProperty('periods');
      expect(v).not.toHaveProperty('valueReceivedFen');
      expect(v.terms).not.toHaveProperty('priceFen');
    }
  });

  it('the refund preview follows the frozen rule; more than refundable is 400; a cancelled card covers nothing', async () => {
    const v = await view(membershipId);
    const preview = await twin.api<{ refundableFen: number }>('POST', `/memberships/${membershipId}/cancellations`, { token: owner, body: { preview: true } });
    expect(preview.status).toBe(200);
    expect(preview.body.refundableFen).toBe(Math.max(0, 268_000 - (v.valueReceivedFen ?? 0)));
    const tooMuch = await twin.api<Partial<ApiErrorBody>>('POST', `/memberships/${membershipId}/cancellations`, { token: owner, body: { reason: '搬家', refund: { method: 'wechat', amountFen: preview.body.refundableFen + 1 } } });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error?.fields?.[0]?.path).toBe('refund.amountFen');
    const frontdeskRefund = await twin.api('POST', `/memberships/${membershipId}/cancellations`, { token: frontdesk, body: { preview: true } });
    expect(frontdeskRefund.status).toBe(403);
    const done = await twin.api('POST', `/memberships/${membershipId}/cancellations`, { token: owner, body: { reason: '搬家', refund: { method: 'wechat', amountFen: preview.body.refundableFen } } });
    expect(done.status).toBe(201);
    const after = await checkout(holder.patientId, ['exam'], Math.max(price('exam'), 0));
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    expect(after.body.lines[0]?.coveredBy).toBeUndefined();
  });
});

describe('renewal and plan versions', () => {
  it('renewal extends from the old end date, at the price sold', async () => {
    const holder = await newPatient('续费会员');
    const sold = await sell(holder.patientId);
    expect(sold.status).toBe(201);
    const renewed = await twin.api<View>('POST', `/memberships/${sold.body.membershipId}/renewals`, {
      token: frontdesk,
      body: { clinicId: twin.demo.jinganId, payments: [{ method: 'cash', amountFen: seed.priceFen }], acknowledgedAt: new Date().toISOString() },
    });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(201);
    expect(renewed.body.endDate).toBe(addMonths(shanghaiToday(), 24));
    expect(renewed.body.periods?.[1]).toMatchObject({ startDate: addMonths(shanghaiToday(), 12), endDate: addMonths(shanghaiToday(), 24), pricePaidFen: seed.priceFen });
  });

  it('editing a plan makes a new version; a stale edit is 409; a card sold before keeps its terms', async () => {
    const terms = { name: '测试会员', priceFen: 100_000, termMonths: 12, included: [{ key: 'exam', procedureCode: 'exam', allowance: { kind: 'count', count: 1, per: 'month' } }] };
    const plan = await twin.api<{ planId: string; version: number }>('POST', '/plans', { token: owner, body: terms });
    expect(plan.status).toBe(201);
    const holder = await newPatient('旧版会员');
    const sold = await twin.api<View>('POST', `/patients/${holder.patientId}/memberships`, {
      token: frontdesk,
      body: { planId: plan.body.planId, clinicId: twin.demo.jinganId, payments: [{ method: 'cash', amountFen: 100_000 }], acknowledgedAt: new Date().toISOString() },
    });
    expect(sold.status).toBe(201);
    const edited = await twin.api<{ version: number }>('PUT', `/plans/${plan.body.planId}`, { token: owner, body: { version: 1, terms: { ...terms, priceFen: 150_000 } } });
    expect(edited.body.version).toBe(2);
    expect((await twin.api('PUT', `/plans/${plan.body.planId}`, { token: owner, body: { version: 1, terms } })).status).toBe(409);
    const kept = await view(sold.body.membershipId);
    expect(kept).toMatchObject({ planVersion: 1, terms: { priceFen: 100_000 } });
    const bad = await twin.api<Partial<ApiErrorBody>>('POST', '/plans', { token: owner, body: { ...terms, discounts: [{ categories: 'all', percent: 120 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.fields?.[0]?.path).toBe('discounts.0.percent');
    const elsewhere = await twin.api<Partial<ApiErrorBody>>('POST', '/plans', { token: owner, body: { ...terms, clinicIds: [twin.demo.jinganId, (await twin.otherChain()).clinicId] } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error?.fields?.[0]?.path).toBe('clinicIds.1');
  });

  it('a void gives back an interval use: the same service is covered again at once', async () => {
    const terms = { name: '每日洁牙', priceFen: 10_000, termMonths: 1, included: [{ key: 'cleaning', procedureCode: 'cleaning', allowance: { kind: 'unlimited', minIntervalDays: 1 } }] };
    const plan = await twin.api<{ planId: string }>('POST', '/plans', { token: owner, body: terms });
    const holder = await newPatient('洁牙会员');
    const sold = await twin.api<View>('POST', `/patients/${holder.patientId}/memberships`, {
      token: frontdesk,
      body: { planId: plan.body.planId, clinicId: twin.demo.jinganId, payments: [{ method: 'cash', amountFen: 10_000 }], acknowledgedAt: new Date().toISOString() },
    });
    expect(sold.status).toBe(201);
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3600_000).toISOString();
    const visit = (visitedAt: string, paidFen: number) =>
      twin.api<Visit>('POST', `/patients/${holder.patientId}/visits`, {
        token: frontdesk,
        body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, visitedAt, lines: [{ procedureId: prices.get('cleaning')?.procedureId }], payments: paidFen ? [{ method: 'cash', amountFen: paidFen }] : [] },
      });
    const first = await visit(at(0), 0);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await visit(at(0), price('cleaning'));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const voidFirst = await twin.api('POST', `/patients/${holder.patientId}/visits/${first.body.visitId}/void`, { token: owner, body: { reason: '录入错误' } });
    expect(voidFirst.status).toBe(200);
    const afterVoid = await view(sold.body.membershipId);
    expect(left(afterVoid, holder.patientId, 'cleaning')?.nextDay).toBeUndefined();
    const third = await visit(at(0), 0);
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    expect(third.body.lines[0]?.coveredBy).toBeDefined();
  });

  it('a referred patient’s first paid visit grants the referrer one more cleaning, once', async () => {
    const referrer = await newPatient('推荐人');
    const sold = await sell(referrer.patientId);
    expect(sold.status).toBe(201);
    const referred = (
      await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: '被推荐人', phone: '13912340000', clinicId: twin.demo.jinganId, referrer: { kind: 'patient', patientId: referrer.patientId } } })
    ).body;
    expect((await checkout(referred.patientId, ['filling-resin'], price('filling-resin'))).status).toBe(201);
    expect((await checkout(referred.patientId, ['filling-resin'], price('filling-resin'))).status).toBe(201);
    const v = await view(sold.body.membershipId);
    expect(left(v, referrer.patientId, 'referral-cleaning')?.left).toBe(1);
    // The plan's own cleaning first, then the reward inside the 30-day interval, then paid.
    const first = await checkout(referrer.patientId, ['cleaning'], 0);
    expect(first.body.lines?.[0]?.coveredBy?.entitlementKey).toBe('cleaning');
    const second = await checkout(referrer.patientId, ['cleaning'], 0);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.lines[0]?.coveredBy?.entitlementKey).toBe('referral-cleaning');
    expect(left(await view(sold.body.membershipId), referrer.patientId, 'referral-cleaning')?.left).toBe(0);
    const third = await checkout(referrer.patientId, ['cleaning'], price('cleaning') - Math.floor(price('cleaning') / 10));
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    expect(third.body.lines[0]?.coveredBy).toBeUndefined();
  });

  it('another chain’s membership and plan are 404', async () => {
    const holder = await newPatient('隔离会员');
    const sold = await sell(holder.patientId);
    const other = await twin.otherChain();
    expect((await twin.api('GET', `/memberships/${sold.body.membershipId}`, { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api('PUT', `/plans/${seed.planId}`, { token: other.ownerToken, body: { version: 1, terms: { name: 'x', priceFen: 1, termMonths: 1 } } })).status).toBe(404);
  });
});
