/**
 * Commercial-insurance claims (issue 13, seed 000 策略三): the desk records a claim after treatment;
 * it stays on the clinic's open list until paid or rejected; closing twice, a stale version, bad
 * amounts or another patient's visit answer 4xx naming the field; another chain gets 404; dentists
 * and marketing are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsuranceClaim } from '../../shared/schemas/insurance-claims.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { installmentVisit } from '../support/route-samples/installments.js';

let twin: TestTwin;
let owner: string;
let desk: string;
let n = 0;
type Problem = { error: { code: string; fields?: { path: string; code: string }[] } };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  desk = await twin.tokenFor('frontdesk');
});
afterAll(async () => twin?.stop());

const newPatient = async () =>
  (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `理赔${n}`, phone: `1383333${String(1000 + n++).padStart(4, '0')}`, clinicId: twin.demo.jinganId } })).body;
const claimsPath = (patientId: string) => `/patients/${patientId}/insurance-claims`;
const openIds = async () => (await twin.api<{ items: InsuranceClaim[] }>('GET', `/insurance-claims/open?clinicId=${twin.demo.jinganId}`, { token: desk })).body.items.map((c) => c.claimId);

describe('insurance claims', () => {
  it('a claim for a visit is open until paid; paid leaves the list with the amount paid', async () => {
    const p = await newPatient();
    const visitId = await installmentVisit({ twin, demoPatient: p, ownerToken: owner }, p.patientId);
    const made = await twin.api<InsuranceClaim>('POST', claimsPath(p.patientId), { token: desk, body: { insurer: '平安健康', amountFen: 120000, visitId } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'submitted', amountFen: 120000, visitId, clinicId: twin.demo.jinganId, version: 0 });
    const open = (await twin.api<{ items: InsuranceClaim[] }>('GET', '/insurance-claims/open', { token: desk })).body.items.find((c) => c.claimId === made.body.claimId);
    expect(open?.patientName).toBe(p.name);
    const paid = await twin.api<InsuranceClaim>('PATCH', `${claimsPath(p.patientId)}/${made.body.claimId}`, { token: desk, body: { status: 'paid', paidFen: 100000, version: 0 } });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', paidFen: 100000, version: 1 });
    expect(await openIds()).not.toContain(made.body.claimId);
    const list = (await twin.api<{ items: InsuranceClaim[] }>('GET', claimsPath(p.patientId), { token: desk })).body.items;
    expect(list.map((c) => c.status)).toEqual(['paid']);
  });

  it('bad input and closing twice are refused naming the field, and nothing changes', async () => {
    const p = await newPatient();
    const post = (body: unknown) => twin.api<Problem>('POST', claimsPath(p.patientId), { token: desk, body });
    for (const [body, path] of [[{ insurer: '平安', amountFen: 0 }, 'amountFen'], [{ insurer: '平安', amountFen: 12.5 }, 'amountFen'], [{ insurer: '平安', amountFen: -1 }, 'amountFen'], [{ insurer: '', amountFen: 100 }, 'insurer'], [{ insurer: '平安', amountFen: 100, visitId: 'nope' }, 'visitId']] as const) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields?.[0]?.path).toBe(path);
    }
    expect((await twin.api<{ items: unknown[] }>('GET', claimsPath(p.patientId), { token: desk })).body.items).toEqual([]);
    const made = (await post({ insurer: '平安健康', amountFen: 5000 })).body as unknown as InsuranceClaim;
    const patch = (body: unknown) => twin.api<Problem>('PATCH', `${claimsPath(p.patientId)}/${made.claimId}`, { token: desk, body });
    expect((await patch({ status: 'paid', paidFen: 6000, version: 0 })).body.error.fields?.[0]).toMatchObject({ path: 'paidFen', code: 'claim.paid_above' });
    expect((await patch({ status: 'rejected', paidFen: 10, version: 0 })).body.error.fields?.[0]).toMatchObject({ path: 'paidFen', code: 'claim.paid_only' });
    expect((await patch({ status: 'submitted', version: 0 })).body.error.fields?.[0]?.path).toBe('status');
    expect((await patch({ status: 'rejected', version: 3 })).status).toBe(409);
    expect(await openIds()).toContain(made.claimId);
    expect((await patch({ status: 'rejected', version: 0 })).status).toBe(200);
    const twice = await patch({ status: 'paid', version: 1 });
    expect(twice.status).toBe(409);
    expect(twice.body.error.fields?.[0]).toMatchObject({ path: 'status', code: 'claim.closed' });
  });

  it('another chain gets 404; another patient id with this claim is 404; dentists and marketing are refused', async () => {
    const p = await newPatient();
    const q = await newPatient();
    const made = (await twin.api<InsuranceClaim>('POST', claimsPath(p.patientId), { token: desk, body: { insurer: '太平洋', amountFen: 8000 } })).body;
    const other = await twin.otherChain();
    expect((await twin.api('GET', claimsPath(p.patientId), { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api('PATCH', `${claimsPath(p.patientId)}/${made.claimId}`, { token: other.ownerToken, body: { status: 'paid', version: 0 } })).status).toBe(404);
    expect((await twin.api('GET', `/insurance-claims/open?clinicId=${twin.demo.jinganId}`, { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api('PATCH', `${claimsPath(q.patientId)}/${made.claimId}`, { token: owner, body: { status: 'paid', version: 0 } })).status).toBe(404);
    for (const role of ['dentist', 'marketing'] as const) {
      const token = await twin.tokenFor(role);
      expect((await twin.api('GET', claimsPath(p.patientId), { token })).status).toBe(403);
      expect((await twin.api('POST', claimsPath(p.patientId), { token, body: { insurer: '太平洋', amountFen: 1 } })).status).toBe(403);
      expect((await twin.api('GET', '/insurance-claims/open', { token })).status).toBe(403);
    }
    expect(await openIds()).toContain(made.claimId);
  });
});
