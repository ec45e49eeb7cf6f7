/** Findings of the clinic-operations review, each held by a test. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { MedicalRecord } from '../../shared/schemas/medical.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { addMonths } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let exam: Procedure & { clinicPriceFen: number };
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const list = await twin.api<{ items: (Procedure & { clinicPriceFen: number })[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: owner });
  const found = list.body.items.find((p) => p.code === 'exam');
  if (!found) throw new Error('no exam');
  exam = found;
});
afterAll(async () => twin?.stop());

const patient = async (consents: Record<string, unknown> = {}) =>
  (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `复核${n}`, phone: `1370000${String(1000 + n++).padStart(4, '0')}`, clinicId: twin.demo.jinganId, consents } })).body;
const start = (hoursAhead: number) => new Date(Math.ceil(Date.now() / 900_000) * 900_000 + hoursAhead * 3600_000).toISOString();
const book = (p: Patient, clinicId: string, hoursAhead: number, chair = 'R1') =>
  twin.api<Appointment & ApiErrorBody>('POST', '/appointments', { token: owner, body: { patientId: p.patientId, clinicId, dentistId: twin.demo.dentistId, chair, startAt: start(hoursAhead) } });
const checkout = (p: Patient, body: Record<string, unknown>) =>
  twin.api<Visit & ApiErrorBody>('POST', `/patients/${p.patientId}/visits`, { token: owner, body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: exam.procedureId }], ...body } });

describe('appointments', () => {
  it('a dentist cannot be booked at two clinics at the same time', async () => {
    const a = await patient();
    // The demo dentist works at 静安店 only; let the owner (who may treat anywhere) stand in for the cross-clinic case.
    const ownerId = (await twin.api<{ userId: string }>('GET', '/me', { token: owner })).body.userId;
    const atJingan = await twin.api('POST', '/appointments', { token: owner, body: { patientId: a.patientId, clinicId: twin.demo.jinganId, dentistId: ownerId, chair: 'X1', startAt: start(200) } });
    expect(atJingan.status).toBe(201);
    const atTianhe = await twin.api<ApiErrorBody>('POST', '/appointments', { token: owner, body: { patientId: a.patientId, clinicId: twin.demo.tianheId, dentistId: ownerId, chair: 'X1', startAt: start(200) } });
    expect(atTianhe.status).toBe(409);
    expect(atTianhe.body.error.fields?.map((f) => f.path)).toContain('dentistId');
  });

  it('a cancel decided before a checkout cannot undo the completed appointment', async () => {
    const p = await patient();
    const booked = (await book(p, twin.demo.jinganId, 220)).body;
    expect((await checkout(p, { appointmentId: booked.appointmentId, payments: [{ method: 'cash', amountFen: exam.clinicPriceFen }] })).status).toBe(201);
    const { changeStatus, getAppointment } = await import('../../functions/adapters/dynamo/appointment-repository.js');
    await expect(changeStatus(twin.demo.tenantId, booked, { ...booked, status: 'cancelled', version: booked.version + 1 }, true)).rejects.toThrow(/changed/);
    expect((await getAppointment(twin.demo.tenantId, p.patientId, booked.appointmentId))?.status).toBe('completed');
  });

  it('an unknown procedure at booking is a 400 naming it', async () => {
    const p = await patient();
    const res = await twin.api<ApiErrorBody>('POST', '/appointments', { token: owner, body: { patientId: p.patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair: 'R9', startAt: start(240), procedureIds: ['nope'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('procedureIds.0');
  });
});

describe('checkout', () => {
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  it('two installment payments in one checkout are both kept', async () => {
    const p = await patient();
    const half = exam.clinicPriceFen / 2;
    const res = await checkout(p, {
      payments: [
        { method: 'installment', amountFen: half, schedule: [{ dueDate: addMonths(today(), 1), amountFen: half }] },
        { method: 'installment', amountFen: half, schedule: [{ dueDate: addMonths(today(), 2), amountFen: half }] },
      ],
    });
    expect(res.status).toBe(201);
    const timeline = await twin.api<{ items: { kind: string }[] }>('GET', `/patients/${p.patientId}/timeline`, { token: owner });
    expect(timeline.body.items.filter((i) => i.kind === 'installment')).toHaveLength(2);
  });

  it('a checkout that would change more than DynamoDB allows at once is a 400, not a 500', async () => {
    const p = await patient();
    const parts = (offset: number) => Array.from({ length: 36 }, (_, i) => ({ dueDate: addMonths(today(), offset + i + 1), amountFen: 1 }));
    const res = await checkout(p, {
      lines: [{ procedureId: exam.procedureId, discountFen: exam.clinicPriceFen - 108 }],
      payments: [0, 36, 72].map((offset) => ({ method: 'installment', amountFen: 36, schedule: parts(offset) })),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('payments');
  });

  it('an idempotency key reused for a different checkout is refused', async () => {
    const p = await patient();
    const key = `key-${Date.now()}`;
    expect((await checkout(p, { payments: [{ method: 'cash', amountFen: exam.clinicPriceFen }], idempotencyKey: key })).status).toBe(201);
    const other = await checkout(p, { payments: [{ method: 'card', amountFen: exam.clinicPriceFen }], idempotencyKey: key });
    expect(other.status).toBe(409);
    expect(other.body.error.fields?.[0]?.path).toBe('idempotencyKey');
  });
});

describe('health data', () => {
  const consent = { healthData: { granted: true, source: 'paper-form' } };

  it('withdrawing health-data consent erases the medical record in the same write', async () => {
    const p = await patient(consent);
    const dentist = await twin.tokenFor('dentist');
    await twin.api('PUT', `/patients/${p.patientId}/medical`, { token: dentist, body: { allergies: ['青霉素'] } });
    await twin.api('PATCH', `/patients/${p.patientId}`, { token: owner, body: { consents: { healthData: { granted: false, source: 'verbal' } }, version: p.version ?? 0 } });
    expect((await twin.api<MedicalRecord>('GET', `/patients/${p.patientId}/medical`, { token: dentist })).body.allergies).toEqual([]);
    const audit = await twin.api<{ items: { action: string }[] }>('GET', `/patients/${p.patientId}/audit`, { token: owner });
    expect(audit.body.items.map((e) => e.action)).toContain('medical.erase');
  });

  it('a merge moves medical history only into a record with health-data consent, and into its own record', async () => {
    const dentist = await twin.tokenFor('dentist');
    const source = await patient(consent);
    await twin.api('PUT', `/patients/${source.patientId}/medical`, { token: dentist, body: { allergies: ['青霉素'] } });
    const withoutConsent = await patient();
    const refused = await twin.api<ApiErrorBody>('POST', `/patients/${withoutConsent.patientId}/merge`, { token: owner, body: { sourcePatientId: source.patientId } });
    expect(refused.status).toBe(400);
    const target = await patient(consent);
    await twin.api('PUT', `/patients/${target.patientId}/medical`, { token: dentist, body: { allergies: ['磺胺'] } });
    expect((await twin.api('POST', `/patients/${target.patientId}/merge`, { token: owner, body: { sourcePatientId: source.patientId } })).status).toBe(200);
    expect((await twin.api<MedicalRecord>('GET', `/patients/${target.patientId}/medical`, { token: dentist })).body.allergies.sort()).toEqual(['磺胺', '青霉素'].sort());
  });

  it('reading the visit list is audited like the timeline', async () => {
    const p = await patient();
    await twin.api('GET', `/patients/${p.patientId}/visits`, { token: await twin.tokenFor('dentist') });
    const audit = await twin.api<{ items: { action: string; actorRole: string }[] }>('GET', `/patients/${p.patientId}/audit`, { token: owner });
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'visits.read', actorRole: 'dentist' })]));
  });

  it('the timeline carries no storage attributes: no index key with the phone, no tenant id', async () => {
    const p = await patient();
    await checkout(p, { payments: [{ method: 'cash', amountFen: exam.clinicPriceFen }] });
    await book(p, twin.demo.jinganId, 260, 'T1');
    const body = JSON.stringify((await twin.api('GET', `/patients/${p.patientId}/timeline`, { token: owner })).body);
    expect(body).not.toMatch(/gsi\dp?k|gsi\dsk|tenantId|"pk"|"sk"|consentLog/);
    expect(body.match(/\+86\d{11}/g) ?? []).toEqual([p.phone]);
  });

  it('the front desk can see who may be booked at its clinic', async () => {
    const res = await twin.api<{ items: { userId: string; displayName: string }[] }>('GET', `/clinics/${twin.demo.jinganId}/dentists`, { token: await twin.tokenFor('frontdesk') });
    expect(res.body.items.map((d) => d.displayName)).toContain('赵医生');
    expect((await twin.api('GET', `/clinics/${twin.demo.tianheId}/dentists`, { token: await twin.tokenFor('frontdesk') })).status).toBe(404);
  });
});
