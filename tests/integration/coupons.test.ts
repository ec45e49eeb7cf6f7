/**
 * Coupons on DynamoDB Local: definitions and issue by role, a random code per patient, redemption
 * in the checkout's transaction (once, even when two checkouts race), every refusal naming
 * `couponCode`, a void giving the coupon back, and another chain's or patient's code not found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Coupon, CouponDefinition } from '../../shared/schemas/coupons.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let marketing: string;
let dentist: string;
let procedures: Map<string, Procedure>;
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
  marketing = await twin.tokenFor('marketing');
  dentist = await twin.tokenFor('dentist');
  const list = await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token: frontdesk });
  procedures = new Map(list.body.items.map((p) => [p.code, p]));
});
afterAll(async () => twin?.stop());

const proc = (code: string): Procedure => {
  const p = procedures.get(code);
  if (!p) throw new Error(`no ${code}`);
  return p;
};
const newPatient = async (): Promise<string> =>
  (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: `券患者${n++}`, phone: `1372${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, clinicId: twin.demo.jinganId } })).body.patientId;
const define = async (body: Record<string, unknown>) => {
  const res = await twin.api<CouponDefinition & ApiErrorBody>('POST', '/coupon-definitions', { token: owner, body: { name: '洁牙券', value: { kind: 'amount', amountFen: 3_000 }, validity: { days: 30 }, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const issue = async (patientId: string, definitionId: string, token = frontdesk) => {
  const res = await twin.api<Coupon>('POST', `/patients/${patientId}/coupons`, { token, body: { definitionId } });
  expect(res.status).toBe(201);
  return res.body;
};
const checkout = (patientId: string, body: Record<string, unknown>) =>
  twin.api<Visit & ApiErrorBody>('POST', `/patients/${patientId}/visits`, { token: frontdesk, body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: proc('cleaning').procedureId }], ...body } });

describe('coupons', () => {
  it('issues a random 12-character code attributed to the issuer; marketing issues and reads, a dentist sees no coupons', async () => {
    const patientId = await newPatient();
    const def = await define({});
    // Marketing issues, but even the answer to its own issue shows only the last four characters.
    const issuedByMarketing = (await issue(patientId, def.definitionId, marketing)) as Coupon & { codeMasked?: boolean };
    expect(issuedByMarketing).toMatchObject({ codeMasked: true, code: expect.stringMatching(/^•+[0-9A-HJKMNP-TV-Z]{4}$/) });
    const b = await issue(patientId, def.definitionId);
    const whole = await twin.api<{ items: Coupon[] }>('GET', `/patients/${patientId}/coupons`, { token: frontdesk });
    const a = whole.body.items.find((c) => c.code.endsWith(issuedByMarketing.code.slice(-4))) as Coupon;
    expect(a.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(a.code).not.toBe(b.code);
    const byCode = await twin.api<Coupon & { codeMasked?: boolean }>('GET', `/patients/${patientId}/coupons/${a.code}`, { token: marketing });
    expect(byCode.body.codeMasked).toBe(true);
    expect(a.issuedBy).toEqual({ kind: 'staff', id: expect.any(String) });
    const auto = await twin.api<Coupon>('POST', `/patients/${patientId}/coupons`, { token: owner, body: { definitionId: def.definitionId, issuedBy: { kind: 'automation', id: 'birthday' } } });
    expect(auto.body.issuedBy).toEqual({ kind: 'automation', id: 'birthday' });
    expect((await twin.api('GET', '/coupon-definitions', { token: marketing })).status).toBe(200);
    expect((await twin.api('POST', '/coupon-definitions', { token: marketing, body: { name: 'x', value: { kind: 'percent', percent: 10 }, validity: { days: 1 } } })).status).toBe(403);
    expect((await twin.api('GET', `/patients/${patientId}/coupons`, { token: dentist })).status).toBe(403);
    // Codes are whole only for the roles that redeem them at checkout; marketing sees the last four.
    const asMarketing = await twin.api<{ items: (Coupon & { codeMasked?: boolean })[] }>('GET', `/patients/${patientId}/coupons`, { token: marketing });
    expect(asMarketing.body.items.map((c) => c.code.slice(-4)).sort()).toEqual([a.code, b.code, auto.body.code].map((c) => c.slice(-4)).sort());
    expect(asMarketing.body.items.every((c) => c.codeMasked === true && c.code.startsWith('•'))).toBe(true);
    expect(asMarketing.body.items.some((c) => c.code === a.code)).toBe(false);
    const asDesk = await twin.api<{ items: Coupon[] }>('GET', `/patients/${patientId}/coupons`, { token: frontdesk });
    expect(asDesk.body.items.map((c) => c.code)).toContain(a.code);
    expect((await twin.api('GET', `/patients/${patientId}/wallet`, { token: marketing })).status).toBe(403);
  });

  it('a deactivated definition issues no more coupons; those issued keep working; a manager stops only their own clinics\' ones', async () => {
    const patientId = await newPatient();
    const def = await define({});
    const before = await issue(patientId, def.definitionId);
    const stopped = await twin.api<CouponDefinition>('POST', `/coupon-definitions/${def.definitionId}/deactivation`, { token: owner });
    expect(stopped.status).toBe(200);
    expect(stopped.body.active).toBe(false);
    const refused = await twin.api<ApiErrorBody>('POST', `/patients/${patientId}/coupons`, { token: frontdesk, body: { definitionId: def.definitionId } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields?.[0]).toMatchObject({ path: 'definitionId', code: 'coupon.definition_inactive' });
    expect((await twin.api<Coupon>('GET', `/patients/${patientId}/coupons/${before.code}`, { token: frontdesk })).body.status).toBe('issued');
    const listed = await twin.api<{ items: CouponDefinition[] }>('GET', '/coupon-definitions', { token: owner });
    expect(listed.body.items.find((d) => d.definitionId === def.definitionId)?.active).toBe(false);
    const manager = await twin.tokenFor('manager');
    const chainWide = await define({ name: '全店券' });
    expect((await twin.api('POST', `/coupon-definitions/${chainWide.definitionId}/deactivation`, { token: manager })).status).toBe(403);
    expect((await twin.api('POST', `/coupon-definitions/${chainWide.definitionId}/deactivation`, { token: frontdesk })).status).toBe(403);
    expect((await twin.api('POST', '/coupon-definitions/01HZZZZZZZZZZZZZZZZZZZZZZZ/deactivation', { token: owner })).status).toBe(404);
  });

  it('redeems at checkout in the transaction, once even when two checkouts race, and a void gives it back', async () => {
    const patientId = await newPatient();
    const def = await define({ value: { kind: 'percent', percent: 20 } });
    const coupon = await issue(patientId, def.definitionId);
    const price = proc('cleaning').priceFen;
    const off = Math.floor(price * 0.2);
    const body = { couponCode: coupon.code.toLowerCase(), payments: [{ method: 'cash', amountFen: price - off }] };
    const results = await Promise.all([checkout(patientId, body), checkout(patientId, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const visit = results.find((r) => r.status === 201)?.body as Visit;
    expect(visit).toMatchObject({ totalFen: price - off, couponDiscountFen: off, coupon: { code: coupon.code, amountFen: off, issuedBy: coupon.issuedBy } });
    expect(results.find((r) => r.status === 409)?.body.error.fields?.[0]).toMatchObject({ path: 'couponCode', code: 'coupon.used' });
    expect((await twin.api<Coupon>('GET', `/patients/${patientId}/coupons/${coupon.code}`, { token: frontdesk })).body).toMatchObject({ status: 'redeemed', visitId: visit.visitId });
    expect((await twin.api('POST', `/patients/${patientId}/visits/${visit.visitId}/void`, { token: owner, body: { reason: '录错了' } })).status).toBe(200);
    expect((await twin.api<Coupon>('GET', `/patients/${patientId}/coupons/${coupon.code}`, { token: frontdesk })).body.status).toBe('issued');
    expect((await checkout(patientId, body)).status).toBe(201);
  }, 30_000);

  it('refuses, naming couponCode: min spend, ineligible lines, other clinic, expired, unknown or another patient’s code; nothing written', async () => {
    const patientId = await newPatient();
    const other = await newPatient();
    const price = proc('cleaning').priceFen;
    const pay = { payments: [{ method: 'cash', amountFen: price }] };
    const cases: [Record<string, unknown>, string][] = [
      [{ minSpendFen: price + 1 }, 'coupon.min_spend'],
      [{ categories: ['implant'] }, 'coupon.not_eligible'],
      [{ clinicIds: [twin.demo.tianheId] }, 'coupon.clinic'],
      [{ validity: { from: '2020-01-01', until: '2020-12-31' } }, 'coupon.expired'],
    ];
    for (const [terms, code] of cases) {
      const coupon = await issue(patientId, (await define(terms)).definitionId);
      const res = await checkout(patientId, { ...pay, couponCode: coupon.code });
      expect(res.status, code).toBe(400);
      expect(res.body.error.fields?.[0]).toMatchObject({ path: 'couponCode', code });
    }
    const theirs = await issue(other, (await define({})).definitionId);
    const res = await checkout(patientId, { ...pay, couponCode: theirs.code });
    expect(res.body.error.fields?.[0]).toMatchObject({ path: 'couponCode', code: 'coupon.not_found' });
    expect((await twin.api('GET', `/patients/${patientId}/coupons/${theirs.code}`, { token: frontdesk })).status).toBe(404);
    expect((await twin.api<{ items: Visit[] }>('GET', `/patients/${patientId}/visits`, { token: frontdesk })).body.items).toHaveLength(0);
  }, 30_000);

  it('another chain’s definition or coupon is not found', async () => {
    const patientId = await newPatient();
    const def = await define({});
    const coupon = await issue(patientId, def.definitionId);
    const other = await twin.otherChain();
    expect((await twin.api('GET', `/patients/${patientId}/coupons/${coupon.code}`, { token: other.ownerToken })).status).toBe(404);
    const theirs = await twin.api<CouponDefinition>('POST', '/coupon-definitions', { token: other.ownerToken, body: { name: '他店券', value: { kind: 'amount', amountFen: 100 }, validity: { days: 5 } } });
    expect(theirs.status).toBe(201);
    const res = await twin.api('POST', `/patients/${patientId}/coupons`, { token: owner, body: { definitionId: theirs.body.definitionId } });
    expect(res.status).toBe(404);
  });
});
