/**
 * The facts store on DynamoDB Local (issue 12 items 1 and 5): a checkout, a booking, a consent
 * change and a void each change what readSegmentFacts returns at once (a delta), and the same
 * after the nightly job folds the deltas into the chunks. The nightly job is idempotent and runs
 * per chain (the schedule fans out one event per chain).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { Visit } from '../../shared/schemas/visit.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let frontdesk: string;
let owner: string;
let procedures: Map<string, Procedure>;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
  procedures = new Map((await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token: frontdesk })).body.items.map((p) => [p.code, p]));
});
afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

const factsOf = async (patientId: string, clinicIds?: string[]): Promise<SegmentFacts | undefined> => {
  const { readSegmentFacts } = await import('../../functions/adapters/dynamo/segment-facts-repository.js');
  return (await readSegmentFacts(twin.demo.tenantId, clinicIds ? { clinicIds } : {})).find((f) => f.patientId === patientId);
};
const nightly = async () => {
  const { runPatientMetrics } = await import('../../functions/jobs/patient-metrics.js');
  return runPatientMetrics(twin.demo.tenantId, new Date());
};
const pendingDeltas = async () => {
  const { readFactsDeltas } = await import('../../functions/adapters/dynamo/segment-facts-repository.js');
  return readFactsDeltas(twin.demo.tenantId, true);
};
/** Days ahead at a Shanghai wall-clock time (UTC+8). */
const shanghai = (day: number, hour: number) => {
  const base = new Date(Date.now() + day * 86_400_000 + 8 * 3600_000);
  return new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate(), hour - 8)).toISOString();
};

describe('segment facts follow the records that change them', () => {
  let patient: Patient;
  let visit: Visit;

  it('a new patient has facts at once, with consent and channel, before any compaction', async () => {
    patient = (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: '事实患者', phone: '13712340001', clinicId: twin.demo.jinganId, channel: 'wechat', tags: ['预算:高'], consents: { care: { granted: true, source: 'paper-form' } } } })).body;
    expect(await factsOf(patient.patientId)).toMatchObject({ clinicId: twin.demo.jinganId, channel: 'wechat', tags: ['预算:高'], visitCount: 0, careConsent: true, marketingConsent: false });
    expect(await factsOf(patient.patientId, [twin.demo.tianheId])).toBeUndefined();
  });

  it('a checkout counts the visit, the spend, the category and the procedure', async () => {
    const cleaning = procedures.get('cleaning');
    if (!cleaning) throw new Error('cleaning');
    const res = await twin.api<Visit>('POST', `/patients/${patient.patientId}/visits`, {
      token: frontdesk,
      body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: cleaning.procedureId }], payments: [{ method: 'wechat', amountFen: cleaning.priceFen }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    visit = res.body;
    const f = await factsOf(patient.patientId);
    expect(f).toMatchObject({ visitCount: 1, totalSpendFen: cleaning.priceFen, categories: [cleaning.category], procedureIds: [cleaning.procedureId] });
    expect(f?.lastVisitDay).toBeDefined();
    expect(f?.recentVisitDays).toEqual([f?.lastVisitDay]);
  });

  it('a booking sets the next appointment day; a consent change flips marketing consent', async () => {
    const booked = await twin.api<Appointment>('POST', '/appointments', {
      token: frontdesk,
      body: { patientId: patient.patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair: '3号椅', startAt: shanghai(20, 10), durationMinutes: 30 },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect((await factsOf(patient.patientId))?.nextAppointmentDay).toBe(booked.body.localDay);
    const current = (await twin.api<Patient>('GET', `/patients/${patient.patientId}`, { token: owner })).body;
    const changed = await twin.api('PATCH', `/patients/${patient.patientId}`, { token: owner, body: { version: current.version, consents: { marketing: { granted: true, source: 'paper-form' } } } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await factsOf(patient.patientId))?.marketingConsent).toBe(true);
  });

  it('the nightly job folds the deltas into the chunks: the same facts, no delta left', async () => {
    const before = await factsOf(patient.patientId);
    const run = await nightly();
    expect(run.deltasFolded).toBeGreaterThan(0);
    expect((await pendingDeltas()).map((d) => d.patientId)).not.toContain(patient.patientId);
    expect(await factsOf(patient.patientId)).toEqual(before);
  });

  it('a void after the compaction takes the visit back out (delta over chunk), and stays out after the next', async () => {
    const voided = await twin.api('POST', `/patients/${patient.patientId}/visits/${visit.visitId}/void`, { token: owner, body: { reason: '录错了' } });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(await factsOf(patient.patientId)).toMatchObject({ visitCount: 0, totalSpendFen: 0, recentVisitDays: [] });
    await nightly();
    expect(await factsOf(patient.patientId)).toMatchObject({ visitCount: 0, totalSpendFen: 0, marketingConsent: true });
  });
});

describe('the nightly patient base on the facts', () => {
  it('is idempotent: a rerun the same day folds nothing, writes no chunk and stores the same view', async () => {
    const { latestBaseView } = await import('../../functions/adapters/dynamo/kpi-snapshot-repository.js');
    const now = new Date();
    const { runPatientMetrics } = await import('../../functions/jobs/patient-metrics.js');
    const first = await runPatientMetrics(twin.demo.tenantId, now);
    const view = await latestBaseView(twin.demo.tenantId, 'chain');
    const second = await runPatientMetrics(twin.demo.tenantId, now);
    expect(second).toMatchObject({ patients: first.patients, chunksWritten: 0, deltasFolded: 0, rebuilt: 0 });
    expect(await latestBaseView(twin.demo.tenantId, 'chain')).toEqual(view);
  });

  it('the schedule fans out one run per chain; each chain gets its own snapshot', async () => {
    const other = await twin.otherChain();
    const { handler } = await import('../../functions/jobs/patient-metrics.js');
    const { listTenantIds } = await import('../../functions/adapters/dynamo/org-repository.js');
    const { latestBaseView } = await import('../../functions/adapters/dynamo/kpi-snapshot-repository.js');
    const scheduled = { id: 'e', version: '0', account: '1', time: new Date().toISOString(), region: 'local', resources: [], source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
    const result = await handler(scheduled);
    expect(result.tenants).toBe((await listTenantIds()).length);
    await twin.bus.idle();
    // The other chain had no facts yet: its run built them from its records first.
    expect(await latestBaseView(other.tenantId, 'chain')).toMatchObject({ asOf: expect.any(String) });
  });
});
