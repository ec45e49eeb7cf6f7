/**
 * Segments on DynamoDB Local (issue 12 item 1): bad conditions answer 400 naming the field with a
 * stable code and save nothing; the preview counts the facts store, per clinic, and its sample
 * gives marketing masked phones and no notes; freeze and resolveSegmentAudience agree; an export
 * is on record (the facts come from the real create); marketing searches patients by tag or segment but not by phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Segment, SegmentPreview } from '../../shared/schemas/segments.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let patient: Patient;
const conditions = { op: 'and', conditions: [{ field: 'tags', match: 'any', in: ['seg-test'] }, { field: 'marketingConsent', value: true }] };

beforeAll(async () => {
  twin = await startTestTwin();
  const owner = await twin.tokenFor('owner');
  patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '分群患者', phone: '13922223333', clinicId: twin.demo.jinganId, notes: '私密备注', tags: ['seg-test'], consents: { marketing: { granted: true, source: 'paper-form' } } } })).body;
  // the patient's facts follow from the create (the facts store's after-commit refresh)
  await twin.bus.idle();
}, 120_000);

afterAll(async () => {
  await twin?.stop();
});

describe('segments', () => {
  it('bad conditions: 400 naming the field with a stable code, nothing saved', async () => {
    const token = await twin.tokenFor('marketing');
    const before = (await twin.api<{ items: Segment[] }>('GET', '/segments', { token })).body.items.length;
    const unknown = await twin.api<{ error: { fields: { path: string; code: string }[] } }>('POST', '/segments', { token, body: { name: 'x', conditions: { op: 'and', conditions: [{ field: 'income', in: ['a'] }] } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0]).toMatchObject({ path: 'conditions.conditions.0.field', code: 'segment.field_unknown' });
    const range = await twin.api<{ error: { fields: { path: string; code: string }[] } }>('POST', '/segments/preview', { token, body: { conditions: { op: 'and', conditions: [{ field: 'visitCount', range: { min: 5, max: 1 } }] } } });
    expect(range.status).toBe(400);
    expect(range.body.error.fields[0]).toMatchObject({ path: 'conditions.conditions.0.range.max', code: 'segment.range' });
    expect((await twin.api<{ items: Segment[] }>('GET', '/segments', { token })).body.items.length).toBe(before);
  });

  it('preview counts the facts; marketing sees a masked phone and no notes', async () => {
    const preview = await twin.api<SegmentPreview>('POST', '/segments/preview', { token: await twin.tokenFor('marketing'), body: { conditions } });
    expect(preview.status).toBe(200);
    expect(preview.body.count).toBe(1);
    expect(preview.body.perClinic).toEqual([{ clinicId: twin.demo.jinganId, count: 1 }]);
    expect(preview.body.sample[0]?.phone).toBe('139****3333');
    expect(JSON.stringify(preview.body)).not.toContain('私密备注');
  });

  it('freeze, audience and an export on record', async () => {
    const owner = await twin.tokenFor('owner');
    const segment = (await twin.api<Segment>('POST', '/segments', { token: owner, body: { name: '测试', conditions } })).body;
    const { resolveSegmentAudience } = await import('../../functions/services/segment-audience.js');
    expect((await resolveSegmentAudience(twin.demo.tenantId, segment.segmentId, new Date())).map((m) => m.patientId)).toEqual([patient.patientId]);
    const frozen = await twin.api<Segment>('POST', `/segments/${segment.segmentId}/freeze`, { token: owner });
    expect(frozen.body).toMatchObject({ kind: 'static', frozenCount: 1 });
    expect((await resolveSegmentAudience(twin.demo.tenantId, segment.segmentId, new Date())).map((m) => m.patientId)).toEqual([patient.patientId]);
    const csv = await twin.api<{ csv: string; rows: number }>('GET', `/segments/${segment.segmentId}/export`, { token: owner });
    expect(csv.body.rows).toBe(1);
    expect(csv.body.csv).toContain('+8613922223333');
    const { listSegmentExports } = await import('../../functions/adapters/dynamo/segment-repository.js');
    expect((await listSegmentExports(twin.demo.tenantId)).some((e) => e.segmentId === segment.segmentId && e.rows === 1)).toBe(true);
    expect((await twin.api('GET', `/segments/${segment.segmentId}/export`, { token: await twin.tokenFor('marketing') })).status).toBe(403);
  });

  it('marketing finds patients by tag and by segment, never by phone', async () => {
    const token = await twin.tokenFor('marketing');
    const byTag = await twin.api<{ items: Patient[] }>('GET', '/patients?tag=seg-test', { token });
    expect(byTag.body.items.map((p) => p.patientId)).toEqual([patient.patientId]);
    expect(byTag.body.items[0]?.phone).toBe('139****3333');
    const segment = (await twin.api<Segment>('POST', '/segments', { token, body: { name: '市场', conditions } })).body;
    const bySegment = await twin.api<{ items: Patient[] }>('GET', `/patients?segmentId=${segment.segmentId}`, { token });
    expect(bySegment.body.items.map((p) => p.patientId)).toEqual([patient.patientId]);
    expect((await twin.api('GET', '/patients?q=1392222', { token })).status).toBe(403);
  });
});
