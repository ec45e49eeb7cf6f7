/**
 * Treatment notes per visit (issue 13): clinical roles write and read them, every read audited
 * with the visit; the desk and marketing are refused; another chain and an unknown visit get 404;
 * no health-data consent, nothing stored; withdrawing consent erases them with the medical record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../shared/schemas/audit.js';
import type { VisitNote } from '../../shared/schemas/medical.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { installmentVisit } from '../support/route-samples/installments.js';

let twin: TestTwin;
let owner: string;
let n = 0;
type Problem = { error: { fields?: { path: string; code: string }[] } };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

const withVisit = async (healthData: boolean) => {
  const patient = (await twin.api<Patient>('POST', '/patients', {
    token: owner, body: { name: `病程${n}`, phone: `1384444${String(1000 + n++).padStart(4, '0')}`, clinicId: twin.demo.jinganId, consents: { healthData: { granted: healthData, source: 'paper-form' } } },
  })).body;
  const visitId = await installmentVisit({ twin, demoPatient: patient, ownerToken: owner }, patient.patientId);
  return { patient, visitId, path: `/patients/${patient.patientId}/visits/${visitId}/notes` };
};

describe('treatment notes', () => {
  it('a dentist writes them; dentist, manager and owner read them, each read audited with the visit; desk and marketing may not', async () => {
    const { patient, visitId, path } = await withVisit(true);
    const dentist = await twin.tokenFor('dentist');
    const put = await twin.api<VisitNote>('PUT', path, { token: dentist, body: { text: '右下6 根管治疗第一次，封药' } });
    expect(put.status).toBe(200);
    for (const role of ['dentist', 'manager', 'owner'] as const) {
      expect((await twin.api<VisitNote>('GET', path, { token: await twin.tokenFor(role) })).body.text, role).toBe('右下6 根管治疗第一次，封药');
    }
    for (const role of ['frontdesk', 'marketing'] as const) {
      const token = await twin.tokenFor(role);
      expect((await twin.api('GET', path, { token })).status, role).toBe(403);
      expect((await twin.api('PUT', path, { token, body: { text: 'x' } })).status, role).toBe(403);
    }
    const audit = (await twin.api<{ items: AuditEvent[] }>('GET', `/patients/${patient.patientId}/audit`, { token: owner })).body.items;
    expect(audit.filter((e) => e.action === 'medical.read' && e.refId === visitId).length).toBe(3);
    expect(audit.some((e) => e.action === 'medical.write' && e.refId === visitId && e.fields?.includes('treatmentNote'))).toBe(true);
    const visits = await twin.api('GET', `/patients/${patient.patientId}/visits`, { token: await twin.tokenFor('frontdesk') });
    expect(JSON.stringify(visits.body)).not.toContain('根管');
  });

  it('without health-data consent nothing is stored; too long is a 400 naming text; unknown visit and another chain get 404', async () => {
    const { path, patient } = await withVisit(false);
    const dentist = await twin.tokenFor('dentist');
    const refused = await twin.api<Problem>('PUT', path, { token: dentist, body: { text: '拔牙' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields?.[0]?.path).toBe('consents.healthData');
    expect((await twin.api<VisitNote>('GET', path, { token: dentist })).body.text).toBe('');
    const long = await twin.api<Problem>('PUT', path, { token: dentist, body: { text: '长'.repeat(2001) } });
    expect(long.status).toBe(400);
    expect(long.body.error.fields?.[0]?.path).toBe('text');
    expect((await twin.api('GET', `/patients/${patient.patientId}/visits/01ARZ3NDEKTSV4RRFFQ69G5FAV/notes`, { token: dentist })).status).toBe(404);
    const other = await twin.otherChain();
    expect((await twin.api('GET', path, { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api('PUT', path, { token: other.ownerToken, body: { text: 'x' } })).status).toBe(404);
  });

  it('withdrawing health-data consent erases the notes', async () => {
    const { patient, path } = await withVisit(true);
    const dentist = await twin.tokenFor('dentist');
    expect((await twin.api('PUT', path, { token: dentist, body: { text: '种植一期' } })).status).toBe(200);
    const current = (await twin.api<Patient>('GET', `/patients/${patient.patientId}`, { token: owner })).body;
    const withdrawn = await twin.api('PATCH', `/patients/${patient.patientId}`, { token: owner, body: { consents: { healthData: { granted: false, source: 'verbal' } }, version: current.version ?? 0 } });
    expect(withdrawn.status).toBe(200);
    expect((await twin.api<VisitNote>('GET', path, { token: dentist })).body.text).toBe('');
  });

  it('a merge moves the notes with their visits, and only into a record with health-data consent', async () => {
    const source = await withVisit(true);
    const dentist = await twin.tokenFor('dentist');
    expect((await twin.api('PUT', source.path, { token: dentist, body: { text: '洁牙后牙龈出血' } })).status).toBe(200);
    const refusing = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '无同意', phone: '13844449999', clinicId: twin.demo.jinganId } })).body;
    const refused = await twin.api<Problem>('POST', `/patients/${refusing.patientId}/merge`, { token: owner, body: { sourcePatientId: source.patient.patientId } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields?.[0]?.code).toBe('patient.has_medical');
    const target = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '有同意', phone: '13844448888', clinicId: twin.demo.jinganId, consents: { healthData: { granted: true, source: 'paper-form' } } } })).body;
    expect((await twin.api('POST', `/patients/${target.patientId}/merge`, { token: owner, body: { sourcePatientId: source.patient.patientId } })).status).toBe(200);
    expect((await twin.api<VisitNote>('GET', `/patients/${target.patientId}/visits/${source.visitId}/notes`, { token: dentist })).body.text).toBe('洁牙后牙龈出血');
  });
});
