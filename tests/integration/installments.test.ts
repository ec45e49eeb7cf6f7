/**
 * Installments at the desk (issue 13): a part recorded as paid leaves the reminder queue at once
 * and is never reminded; paying twice, a bad method or part number answer 4xx naming the field;
 * another chain's ids are not found; dentists and marketing may not; the overdue list shows
 * unpaid parts past their due day per clinic, and neither paid nor voided ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/domain/access.js';
import { addDays } from '../../shared/domain/time.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { installmentVisit } from '../support/route-samples/installments.js';

let twin: TestTwin;
let owner: string;
let n = 0;
type Problem = { error: { code: string; fields?: { path: string; code: string }[] } };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

// Adapters read the table's name at load: import them only once the twin has set it.
const overdueInstallments = async (...args: Parameters<typeof import('../../functions/services/installment-service.js').overdueInstallments>) =>
  (await import('../../functions/services/installment-service.js')).overdueInstallments(...args);
const queuedInstallments = async (tenantId: string, last: string) => (await import('../../functions/adapters/dynamo/installment-queue.js')).queuedInstallments(tenantId, last);

const newPatient = async () =>
  (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `分期付${n}`, phone: `1382222${String(1000 + n++).padStart(4, '0')}`, clinicId: twin.demo.jinganId } })).body;
const partsPath = (patientId: string, visitId: string, part: number | string) => `/patients/${patientId}/visits/${visitId}/installments/${part}/pay`;
const withPartsOf = async () => {
  const patient = await newPatient();
  const visitId = await installmentVisit({ twin, demoPatient: patient, ownerToken: owner }, patient.patientId);
  return { patient, visitId };
};
const desk = (): Caller => ({ userId: 'desk', email: 'fd@demo.local', tenantId: twin.demo.tenantId, role: 'frontdesk', clinicScope: [twin.demo.jinganId] });
const far = addDays(new Date().toISOString().slice(0, 10), 63);
const later = new Date(`${far}T04:00:00Z`);

describe('installments at the desk', () => {
  it('a paid part leaves the reminder queue at once and is not overdue; the other part stays', async () => {
    const { patient, visitId } = await withPartsOf();
    const queued = () => queuedInstallments(twin.demo.tenantId, far).then((parts) => parts.filter((p) => p.visitId === visitId).map((p) => p.n));
    expect(await queued()).toEqual([0, 1]);
    const res = await twin.api<{ status: string; paidMethod: string }>('POST', partsPath(patient.patientId, visitId, 0), { token: await twin.tokenFor('frontdesk'), body: { method: 'wechat' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'paid', paidMethod: 'wechat' });
    expect(await queued()).toEqual([1]);
    const overdue = (await overdueInstallments(desk(), { now: later })).filter((p) => p.visitId === visitId);
    expect(overdue.map((p) => p.n)).toEqual([1]);
    expect(overdue[0]).toMatchObject({ patientName: patient.name, clinicId: twin.demo.jinganId });
    expect(overdue[0]?.daysOverdue).toBeGreaterThan(0);
  });

  it('paying twice is a 409 naming the part; a bad method or part number is a 400 naming the field; nothing changes', async () => {
    const { patient, visitId } = await withPartsOf();
    const pay = (part: number | string, body: unknown) => twin.api<Problem>('POST', partsPath(patient.patientId, visitId, part), { token: owner, body });
    expect((await pay(0, { method: 'cash' })).status).toBe(200);
    const twice = await pay(0, { method: 'cash' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.fields?.[0]).toMatchObject({ path: 'n', code: 'installment.already_paid' });
    const method = await pay(1, { method: 'installment' });
    expect(method.status).toBe(400);
    expect(method.body.error.fields?.[0]?.path).toBe('method');
    const part = await pay(-1, { method: 'cash' });
    expect(part.status).toBe(400);
    expect(part.body.error.fields?.[0]).toMatchObject({ path: 'n', code: 'path.invalid' });
    expect((await pay(7, { method: 'cash' })).status).toBe(404);
    expect((await pay(100, { method: 'cash' })).status).toBe(400);
    expect((await overdueInstallments(desk(), { now: later })).filter((p) => p.visitId === visitId).map((p) => p.n)).toEqual([1]);
  });

  it('another chain gets 404 for the part and the clinic, and sees none of our overdue parts; dentists and marketing are refused', async () => {
    const { patient, visitId } = await withPartsOf();
    const other = await twin.otherChain();
    expect((await twin.api('POST', partsPath(patient.patientId, visitId, 1), { token: other.ownerToken, body: { method: 'cash' } })).status).toBe(404);
    expect((await twin.api('GET', `/installments/overdue?clinicId=${twin.demo.jinganId}`, { token: other.ownerToken })).status).toBe(404);
    const theirs = await overdueInstallments({ ...desk(), tenantId: other.tenantId, role: 'owner', clinicScope: 'all' }, { now: later });
    expect(theirs.filter((p) => p.visitId === visitId)).toEqual([]);
    for (const role of ['dentist', 'marketing'] as const) {
      expect((await twin.api('POST', partsPath(patient.patientId, visitId, 1), { token: await twin.tokenFor(role), body: { method: 'cash' } })).status).toBe(403);
      expect((await twin.api('GET', '/installments/overdue', { token: await twin.tokenFor(role) })).status).toBe(403);
    }
  });

  it('a voided visit leaves the overdue list with its parts', async () => {
    const { patient, visitId } = await withPartsOf();
    expect((await overdueInstallments(desk(), { now: later })).some((p) => p.visitId === visitId)).toBe(true);
    expect((await twin.api('POST', `/patients/${patient.patientId}/visits/${visitId}/void`, { token: owner, body: { reason: '录入错误' } })).status).toBe(200);
    expect((await overdueInstallments(desk(), { now: later })).some((p) => p.visitId === visitId)).toBe(false);
    const paid = await twin.api<Problem>('POST', partsPath(patient.patientId, visitId, 1), { token: owner, body: { method: 'cash' } });
    expect(paid.status).toBe(409);
    expect(paid.body.error.fields?.[0]?.code).toBe('installment.void');
  });
});
