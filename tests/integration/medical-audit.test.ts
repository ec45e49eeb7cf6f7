/** Invariant 9: medical fields only with health-data consent, only for clinical roles, every read audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../shared/schemas/audit.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { MedicalRecord } from '../../shared/schemas/medical.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

const patient = async (healthData: boolean) =>
  (
    await twin.api<Patient>('POST', '/patients', {
      token: await twin.tokenFor('frontdesk'),
      body: { name: '病史患者', phone: '13544445555', clinicId: twin.demo.jinganId, consents: { healthData: { granted: healthData, source: 'paper-form' } } },
    })
  ).body;
const audit = async (patientId: string) => (await twin.api<{ items: AuditEvent[] }>('GET', `/patients/${patientId}/audit`, { token: owner })).body.items;

describe('medical record', () => {
  it('is refused without health-data consent, and nothing is stored', async () => {
    const p = await patient(false);
    const dentist = await twin.tokenFor('dentist');
    const res = await twin.api<ApiErrorBody>('PUT', `/patients/${p.patientId}/medical`, { token: dentist, body: { allergies: ['青霉素'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('consents.healthData');
    expect((await twin.api<MedicalRecord>('GET', `/patients/${p.patientId}/medical`, { token: dentist })).body.allergies).toEqual([]);
  });

  it('a dentist records it; dentist, manager and owner read it; front desk and marketing may not', async () => {
    const p = await patient(true);
    const dentist = await twin.tokenFor('dentist');
    const put = await twin.api<MedicalRecord>('PUT', `/patients/${p.patientId}/medical`, { token: dentist, body: { allergies: ['青霉素'], conditions: ['高血压'], history: '2019年种植一颗' } });
    expect(put.status).toBe(200);
    for (const role of ['dentist', 'manager', 'owner'] as const) {
      const read = await twin.api<MedicalRecord>('GET', `/patients/${p.patientId}/medical`, { token: await twin.tokenFor(role) });
      expect(read.body.allergies, role).toEqual(['青霉素']);
    }
    for (const role of ['frontdesk', 'marketing'] as const) {
      expect((await twin.api('GET', `/patients/${p.patientId}/medical`, { token: await twin.tokenFor(role) })).status, role).toBe(403);
    }
  });

  it('every read and change is in the patient’s audit log with who and when, field names but no values', async () => {
    const p = await patient(true);
    const dentist = await twin.tokenFor('dentist');
    await twin.api('PUT', `/patients/${p.patientId}/medical`, { token: dentist, body: { allergies: ['青霉素'] } });
    await twin.api('GET', `/patients/${p.patientId}/medical`, { token: dentist });
    await twin.api('GET', `/patients/${p.patientId}/medical`, { token: await twin.tokenFor('manager') });
    await twin.api('PATCH', `/patients/${p.patientId}/medical`.replace('/medical', ''), { token: owner, body: { tags: ['怕疼'], version: (await twin.api<{ version: number }>('GET', `/patients/${p.patientId}`, { token: owner })).body.version } });
    await twin.api('GET', `/patients/${p.patientId}/timeline`, { token: dentist });
    const events = await audit(p.patientId);
    const actions = events.map((e) => `${e.action}:${e.actorRole}`);
    expect(actions).toEqual(expect.arrayContaining(['patient.create:frontdesk', 'medical.write:dentist', 'medical.read:dentist', 'medical.read:manager', 'patient.update:owner', 'timeline.read:dentist']));
    expect(events.find((e) => e.action === 'patient.update')?.fields).toEqual(['tags']);
    expect(events.every((e) => e.actorId && !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(JSON.stringify(events)).not.toContain('青霉素');
    const newestFirst = events.map((e) => e.at);
    expect([...newestFirst].sort().reverse()).toEqual(newestFirst);
  });

  it('owners and managers list the audit log; the desk, dentists and marketing do not', async () => {
    const p = await patient(true);
    expect((await twin.api('GET', `/patients/${p.patientId}/audit`, { token: await twin.tokenFor('manager') })).status).toBe(200);
    for (const role of ['frontdesk', 'dentist', 'marketing'] as const) {
      expect((await twin.api('GET', `/patients/${p.patientId}/audit`, { token: await twin.tokenFor(role) })).status, role).toBe(403);
    }
  });
});
