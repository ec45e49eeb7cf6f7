/**
 * The desk's allergy alert (issue 13): whether an allergy is on record and nothing else, for the
 * roles that book and check out; marketing never; another chain's patient is not found; every
 * read is audited like a read of the medical record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../shared/schemas/audit.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

const patient = async () =>
  (
    await twin.api<Patient>('POST', '/patients', {
      token: owner,
      body: { name: `过敏${n}`, phone: `1354444${String(1000 + n++).padStart(4, '0')}`, clinicId: twin.demo.jinganId, consents: { healthData: { granted: true, source: 'paper-form' } } },
    })
  ).body;
const alertAs = (token: string, patientId: string) => twin.api<Record<string, unknown>>('GET', `/patients/${patientId}/allergy-alert`, { token });

describe('allergy alert', () => {
  it('tells the desk and the dentist whether an allergy is on record, with no medical word in the answer, and audits each read', async () => {
    const p = await patient();
    const desk = await twin.tokenFor('frontdesk');
    expect((await alertAs(desk, p.patientId)).body).toEqual({ hasAllergyAlert: false });
    expect((await twin.api('PUT', `/patients/${p.patientId}/medical`, { token: await twin.tokenFor('dentist'), body: { allergies: ['青霉素'], conditions: ['高血压'] } })).status).toBe(200);
    const res = await alertAs(desk, p.patientId);
    expect(res.body).toEqual({ hasAllergyAlert: true });
    expect(JSON.stringify(res.body)).not.toContain('青霉素');
    expect((await alertAs(await twin.tokenFor('dentist'), p.patientId)).body).toEqual({ hasAllergyAlert: true });
    const audit = (await twin.api<{ items: AuditEvent[] }>('GET', `/patients/${p.patientId}/audit`, { token: owner })).body.items;
    const reads = audit.filter((e) => e.action === 'medical.read' && e.fields?.includes('allergyAlert'));
    expect(reads.map((e) => e.actorRole).sort()).toEqual(['dentist', 'frontdesk', 'frontdesk']);
  });

  it('marketing is refused; the desk still cannot read the record itself; another chain gets 404', async () => {
    const p = await patient();
    expect((await alertAs(await twin.tokenFor('marketing'), p.patientId)).status).toBe(403);
    expect((await twin.api('GET', `/patients/${p.patientId}/medical`, { token: await twin.tokenFor('frontdesk') })).status).toBe(403);
    expect((await twin.api('GET', `/patients/${p.patientId}/medical`, { token: await twin.tokenFor('marketing') })).status).toBe(403);
    const other = await twin.otherChain();
    expect((await alertAs(other.ownerToken, p.patientId)).status).toBe(404);
    expect((await twin.api('GET', `/patients/${p.patientId}/medical`, { token: other.ownerToken })).status).toBe(404);
  });
});
