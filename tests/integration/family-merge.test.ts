import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { Patient, PatientPage } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let frontdesk: string;
let manager: string;

beforeAll(async () => {
  twin = await startTestTwin();
  frontdesk = await twin.tokenFor('frontdesk');
  manager = await twin.tokenFor('manager');
});
afterAll(async () => twin?.stop());

const create = async (name: string, phone: string) => (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name, phone, clinicId: twin.demo.jinganId } })).body;
type FamilyBody = { family: { familyId: string; members: { patientId: string; relation: string; name?: string }[] } | null };

describe('families', () => {
  it('a mother starts a family, her child joins with the same phone, and the child can leave again', async () => {
    const mother = await create('林妈妈', '13812121212');
    const child = await create('林小宝', '13812121212');
    const started = await twin.api<FamilyBody>('PUT', `/patients/${mother.patientId}/family`, { token: frontdesk, body: { familyId: 'new', relation: 'self' } });
    expect(started.status).toBe(200);
    const familyId = started.body.family?.familyId ?? '';
    const joined = await twin.api<FamilyBody>('PUT', `/patients/${child.patientId}/family`, { token: frontdesk, body: { familyId, relation: 'child' } });
    expect(joined.body.family?.members.map((m) => [m.name, m.relation]).sort()).toEqual([['林妈妈', 'self'], ['林小宝', 'child']]);
    expect((await twin.api<Patient>('GET', `/patients/${child.patientId}`, { token: frontdesk })).body).toMatchObject({ familyId, familyRelation: 'child' });
    await twin.api('PUT', `/patients/${child.patientId}/family`, { token: frontdesk, body: { familyId: null } });
    const after = await twin.api<FamilyBody>('GET', `/patients/${mother.patientId}/family`, { token: frontdesk });
    expect(after.body.family?.members.map((m) => m.patientId)).toEqual([mother.patientId]);
    expect((await twin.api<FamilyBody>('GET', `/patients/${child.patientId}/family`, { token: frontdesk })).body.family).toBeNull();
  });

  it('an unknown family is a 400 naming familyId, and nothing changes', async () => {
    const p = await create('无家庭', '13812121213');
    const res = await twin.api<ApiErrorBody>('PUT', `/patients/${p.patientId}/family`, { token: frontdesk, body: { familyId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', relation: 'child' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('familyId');
    expect((await twin.api<Patient>('GET', `/patients/${p.patientId}`, { token: frontdesk })).body.familyId).toBeUndefined();
  });
});

describe('merging two records of one person', () => {
  it('keeps every visit and the combined summary on the record that stays; the duplicate answers 404 and leaves search', async () => {
    const procedures = (await twin.api<{ items: (Procedure & { clinicPriceFen: number })[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: frontdesk })).body.items;
    const exam = procedures.find((p) => p.code === 'exam');
    const visit = (patientId: string) =>
      twin.api('POST', `/patients/${patientId}/visits`, { token: frontdesk, body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: exam?.procedureId }], payments: [{ method: 'cash', amountFen: exam?.clinicPriceFen }] } });
    const keep = await create('重复的人', '13712345678');
    const duplicate = await create('重复的人', '137 1234 5678');
    await visit(keep.patientId);
    await visit(duplicate.patientId);
    await visit(duplicate.patientId);

    const merged = await twin.api<Patient>('POST', `/patients/${keep.patientId}/merge`, { token: manager, body: { sourcePatientId: duplicate.patientId } });
    expect(merged.status).toBe(200);
    const timeline = await twin.api<{ summary: { visitCount: number; totalSpendFen: number }; items: { kind: string }[] }>('GET', `/patients/${keep.patientId}/timeline`, { token: frontdesk });
    expect(timeline.body.summary).toMatchObject({ visitCount: 3, totalSpendFen: 3 * (exam?.clinicPriceFen ?? 0) });
    expect(timeline.body.items.filter((i) => i.kind === 'visit')).toHaveLength(3);

    const gone = await twin.api<ApiErrorBody>('GET', `/patients/${duplicate.patientId}`, { token: frontdesk });
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toContain(keep.patientId);
    const search = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=13712345678`, { token: frontdesk });
    expect(search.body.items.map((p) => p.patientId)).toEqual([keep.patientId]);
    const audit = await twin.api<{ items: { action: string; refId?: string }[] }>('GET', `/patients/${keep.patientId}/audit`, { token: await twin.tokenFor('owner') });
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'patient.merge', refId: duplicate.patientId })]));
    const again = await twin.api('POST', `/patients/${keep.patientId}/merge`, { token: manager, body: { sourcePatientId: duplicate.patientId } });
    expect(again.status).toBe(409);
  });

  it('refuses merging a patient into themself, and front desk may not merge', async () => {
    const p = await create('自己', '13712345679');
    const self = await twin.api<ApiErrorBody>('POST', `/patients/${p.patientId}/merge`, { token: manager, body: { sourcePatientId: p.patientId } });
    expect(self.status).toBe(400);
    expect(self.body.error.fields?.[0]?.path).toBe('sourcePatientId');
    expect((await twin.api('POST', `/patients/${p.patientId}/merge`, { token: frontdesk, body: { sourcePatientId: p.patientId } })).status).toBe(403);
  });
});
