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

  it('a group nested too deep, a range with no end, negative days and an age out of bounds: 400 at the condition\'s path', async () => {
    const token = await twin.tokenFor('marketing');
    type Problem = { error: { fields: { path: string; code: string }[] } };
    const post = (inner: unknown) => twin.api<Problem>('POST', '/segments/preview', { token, body: { conditions: { op: 'and', conditions: [inner] } } });
    const deep = await post({ op: 'or', conditions: [{ op: 'and', conditions: [{ op: 'or', conditions: [] }] }] });
    expect(deep.status).toBe(400);
    expect(deep.body.error.fields[0]).toMatchObject({ path: 'conditions.conditions.0.conditions.0.conditions.0', code: 'segment.too_deep' });
    const empty = await post({ field: 'totalSpend', range: {} });
    expect(empty.body.error.fields[0]).toMatchObject({ path: 'conditions.conditions.0.range.min', code: 'segment.range_empty' });
    const negative = await post({ field: 'daysSinceLastVisit', range: { min: -3 } });
    expect(negative.body.error.fields[0]).toMatchObject({ path: 'conditions.conditions.0.range.min', code: 'number.too_small' });
    const old = await post({ field: 'age', range: { min: 20, max: 200 } });
    expect(old.body.error.fields[0]).toMatchObject({ path: 'conditions.conditions.0.range.max', code: 'number.too_big' });
  });

  it('a segment by treatment: marketing gets the count but nobody named, in the preview and in the patient search; the owner gets the sample', async () => {
    const owner = await twin.tokenFor('owner');
    const marketing = await twin.tokenFor('marketing');
    const byTreatment = { op: 'and', conditions: [{ field: 'marketingConsent', value: true }, { op: 'or', conditions: [{ field: 'category', in: ['implant', 'ortho', 'basic'] }] }] };
    const forMarketing = await twin.api<SegmentPreview>('POST', '/segments/preview', { token: marketing, body: { conditions: byTreatment } });
    const forOwner = await twin.api<SegmentPreview>('POST', '/segments/preview', { token: owner, body: { conditions: byTreatment } });
    expect(forMarketing.status).toBe(200);
    expect(forMarketing.body).toMatchObject({ sample: [], sampleWithheld: 'clinical' });
    expect(forOwner.body.sampleWithheld).toBeUndefined();
    expect(forOwner.body.sample.length).toBe(Math.min(10, forOwner.body.count));
    const saved = (await twin.api<Segment>('POST', '/segments', { token: marketing, body: { name: '按诊疗', conditions: byTreatment } })).body;
    const search = await twin.api<{ error: { fields: { path: string; code: string }[] } }>('GET', `/patients?segmentId=${saved.segmentId}`, { token: marketing });
    expect(search.status).toBe(400);
    expect(search.body.error.fields).toEqual([expect.objectContaining({ path: 'segmentId', code: 'segment.clinical' })]);
    // a segment that does not select by treatment names its patients as before
    expect((await twin.api<SegmentPreview>('POST', '/segments/preview', { token: marketing, body: { conditions } })).body.sample.map((p) => p.patientId)).toContain(patient.patientId);
  });

  it('a tag that names a treatment: marketing sees the patient without it, cannot list patients by it, and a segment on it names nobody to them', async () => {
    const owner = await twin.tokenFor('owner');
    const marketing = await twin.tokenFor('marketing');
    const consents = { marketing: { granted: true, source: 'paper-form' } };
    const tagged = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '赵敏', phone: '13712340777', clinicId: twin.demo.jinganId, tags: ['种植', '怕疼'], consents } })).body;
    expect((await twin.api<Patient>('GET', `/patients/${tagged.patientId}`, { token: owner })).body.tags).toEqual(['种植', '怕疼']);
    expect((await twin.api<Patient>('GET', `/patients/${tagged.patientId}`, { token: marketing })).body.tags).toEqual(['怕疼']);
    const byClinicalTag = await twin.api<{ error: { fields: { path: string; code: string }[] } }>('GET', `/patients?tag=${encodeURIComponent('种植')}`, { token: marketing });
    expect(byClinicalTag.status).toBe(400);
    expect(byClinicalTag.body.error.fields).toEqual([expect.objectContaining({ path: 'tag', code: 'tag.clinical' })]);
    const byOtherTag = await twin.api<{ items: Patient[] }>('GET', `/patients?tag=${encodeURIComponent('怕疼')}`, { token: marketing });
    expect(byOtherTag.status).toBe(200);
    expect(byOtherTag.body.items.find((p) => p.patientId === tagged.patientId)?.tags).toEqual(['怕疼']);
    const onTag = { op: 'and', conditions: [{ field: 'tags', match: 'any', in: ['种植'] }] };
    const preview = await twin.api<SegmentPreview>('POST', '/segments/preview', { token: marketing, body: { conditions: onTag } });
    expect(preview.body).toMatchObject({ sample: [], sampleWithheld: 'clinical' });
    expect(preview.body.count).toBeGreaterThan(0);
    const otherTag = await twin.api<SegmentPreview>('POST', '/segments/preview', { token: marketing, body: { conditions: { op: 'and', conditions: [{ field: 'tags', match: 'any', in: ['怕疼'] }] } } });
    expect(otherTag.body.sample.find((p) => p.patientId === tagged.patientId)?.tags).toEqual(['怕疼']);
  });

  it("a segment reaching clinics beyond the caller's is changed only by the owner or someone covering them; a frozen list is frozen once", async () => {
    const owner = await twin.tokenFor('owner');
    const manager = await twin.tokenFor('manager');
    const marketing = await twin.tokenFor('marketing');
    // marketing works in two clinics, the manager in one of them
    const shared = (await twin.api<Segment>('POST', '/segments', { token: marketing, body: { name: '两店共享', conditions } })).body;
    expect((await twin.api('POST', `/segments/${shared.segmentId}/freeze`, { token: manager })).status).toBe(403);
    expect((await twin.api('PATCH', `/segments/${shared.segmentId}`, { token: manager, body: { name: '改', version: shared.version } })).status).toBe(403);
    expect((await twin.api('DELETE', `/segments/${shared.segmentId}`, { token: manager })).status).toBe(403);
    const frozen = await twin.api<Segment>('POST', `/segments/${shared.segmentId}/freeze`, { token: marketing });
    expect(frozen.status).toBe(200);
    expect((await twin.api('POST', `/segments/${shared.segmentId}/freeze`, { token: owner })).status).toBe(409);
  });

  it('a deleted segment is not listed nor found, and a campaign naming it cannot launch', async () => {
    const owner = await twin.tokenFor('owner');
    const marketing = await twin.tokenFor('marketing');
    const segment = (await twin.api<Segment>('POST', '/segments', { token: marketing, body: { name: '将删除', conditions } })).body;
    const campaign = await twin.api<{ campaignId: string }>('POST', '/campaigns', { token: marketing, body: { name: '删后不可发', segmentId: segment.segmentId, variants: [{ key: 'A', template: '{姓名}您好，{门店}本月会员日到店有礼', percent: 100 }], holdoutPercent: 10, schedule: { kind: 'now' } } });
    expect(campaign.status).toBe(201);
    expect((await twin.api('DELETE', `/segments/${segment.segmentId}`, { token: marketing })).status).toBe(200);
    expect((await twin.api<{ items: Segment[] }>('GET', '/segments', { token: marketing })).body.items.some((s) => s.segmentId === segment.segmentId)).toBe(false);
    expect((await twin.api('GET', `/segments/${segment.segmentId}`, { token: marketing })).status).toBe(404);
    expect((await twin.api('DELETE', `/segments/${segment.segmentId}`, { token: marketing })).status).toBe(404);
    // Refused at submit, as the approval would refuse it: it stays a draft.
    const submitted = await twin.api<{ error: { fields: { path: string; code: string }[] } }>('POST', `/campaigns/${campaign.body.campaignId}/submit`, { token: marketing });
    expect(submitted.status).toBe(400);
    expect(submitted.body.error.fields).toEqual([expect.objectContaining({ path: 'segmentId', code: 'segment.deleted' })]);
    expect((await twin.api<{ status: string }>('GET', `/campaigns/${campaign.body.campaignId}`, { token: owner })).body.status).toBe('draft');
    expect((await twin.api('POST', `/campaigns/${campaign.body.campaignId}/approve`, { token: owner })).status).toBe(409);
    const { getSegmentRecord } = await import('../../functions/adapters/dynamo/segment-repository.js');
    expect((await getSegmentRecord(twin.demo.tenantId, segment.segmentId))?.deletedAt).toBeDefined();
  });

  it('a segment deleted after its campaign was approved: the runner cancels the campaign, saying why, instead of failing every tick', async () => {
    const owner = await twin.tokenFor('owner');
    const marketing = await twin.tokenFor('marketing');
    const segment = (await twin.api<Segment>('POST', '/segments', { token: marketing, body: { name: '批准后删除', conditions } })).body;
    const at = new Date(Date.now() + 3 * 86_400_000);
    at.setUTCHours(3, 0, 0, 0);
    const campaign = await twin.api<{ campaignId: string }>('POST', '/campaigns', { token: marketing, body: { name: '批准后分群被删', segmentId: segment.segmentId, variants: [{ key: 'A', template: '{姓名}您好，{门店}本月会员日到店有礼', percent: 100 }], holdoutPercent: 10, schedule: { kind: 'at', at: at.toISOString() } } });
    expect(campaign.status).toBe(201);
    expect((await twin.api('POST', `/campaigns/${campaign.body.campaignId}/submit`, { token: marketing })).status).toBe(200);
    const approved = await twin.api<{ status: string }>('POST', `/campaigns/${campaign.body.campaignId}/approve`, { token: owner });
    expect(approved.body.status).toBe('scheduled');
    expect((await twin.api('DELETE', `/segments/${segment.segmentId}`, { token: marketing })).status).toBe(200);
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    expect(await runCampaign(twin.demo.tenantId, campaign.body.campaignId, at)).toEqual({ cancelled: 1 });
    const after = await twin.api<{ status: string; stoppedReason?: string }>('GET', `/campaigns/${campaign.body.campaignId}`, { token: marketing });
    expect(after.body).toMatchObject({ status: 'cancelled', stoppedReason: 'segment-deleted' });
    expect(await runCampaign(twin.demo.tenantId, campaign.body.campaignId, at)).toEqual({ notRunnable: 1 });
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
    // as clinics write a mainland number, with nothing a spreadsheet would show in front of it
    expect(csv.body.csv).toContain(',13922223333,');
    expect(csv.body.csv).not.toContain("'");
    const { listSegmentExports } = await import('../../functions/adapters/dynamo/segment-repository.js');
    expect((await listSegmentExports(twin.demo.tenantId)).some((e) => e.segmentId === segment.segmentId && e.rows === 1)).toBe(true);
    // the trail shows on the segment for those who may export, not for marketing
    const view = await twin.api<Segment & { exports?: { rows: number; role: string }[] }>('GET', `/segments/${segment.segmentId}`, { token: owner });
    expect(view.body.exports).toEqual([expect.objectContaining({ rows: 1, role: 'owner' })]);
    expect((await twin.api<{ exports?: unknown }>('GET', `/segments/${segment.segmentId}`, { token: await twin.tokenFor('marketing') })).body.exports).toBeUndefined();
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
  it('a frozen list keeps the conditions it was frozen with and is searched by its members; a PATCH that changes nothing is refused', async () => {
    const owner = await twin.tokenFor('owner');
    const marketing = await twin.tokenFor('marketing');
    type Problem = { error: { fields: { path: string; code: string }[] } };
    const member = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '冻结成员', phone: '13922224444', clinicId: twin.demo.jinganId, tags: ['frozen-test'], consents: { marketing: { granted: true, source: 'paper-form' } } } })).body;
    await twin.bus.idle();
    const segment = (await twin.api<Segment>('POST', '/segments', { token: marketing, body: { name: '冻结名单', conditions: { op: 'and', conditions: [{ field: 'tags', match: 'any', in: ['frozen-test'] }] } } })).body;
    const frozen = (await twin.api<Segment>('POST', `/segments/${segment.segmentId}/freeze`, { token: marketing })).body;
    expect(frozen).toMatchObject({ kind: 'static', frozenCount: 1 });
    const edit = await twin.api<Problem>('PATCH', `/segments/${segment.segmentId}`, { token: marketing, body: { version: frozen.version, conditions: { op: 'and', conditions: [{ field: 'marketingConsent', value: true }] } } });
    expect(edit.status).toBe(400);
    expect(edit.body.error.fields[0]).toMatchObject({ path: 'conditions', code: 'segment.frozen' });
    const nothing = await twin.api<Problem>('PATCH', `/segments/${segment.segmentId}`, { token: marketing, body: { version: frozen.version } });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.fields[0]).toMatchObject({ code: 'body.no_changes' });
    const same = await twin.api<Problem>('PATCH', `/segments/${segment.segmentId}`, { token: marketing, body: { version: frozen.version, name: frozen.name } });
    expect(same.body.error.fields[0]).toMatchObject({ code: 'body.no_changes' });
    const renamed = await twin.api<Segment>('PATCH', `/segments/${segment.segmentId}`, { token: marketing, body: { version: frozen.version, name: '冻结名单（改名）' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.conditions).toEqual(segment.conditions);
    // The member no longer matches the conditions, but is still on the list a campaign would send to.
    const current = (await twin.api<Patient & { version: number }>('GET', `/patients/${member.patientId}`, { token: owner })).body;
    expect((await twin.api('PATCH', `/patients/${member.patientId}`, { token: owner, body: { version: current.version, tags: [] } })).status).toBe(200);
    await twin.bus.idle();
    const bySegment = await twin.api<{ items: Patient[] }>('GET', `/patients?segmentId=${segment.segmentId}`, { token: marketing });
    expect(bySegment.body.items.map((p) => p.patientId)).toEqual([member.patientId]);
  });
});
