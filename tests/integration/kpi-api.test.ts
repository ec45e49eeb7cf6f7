/**
 * The KPI API (issue 5) on DynamoDB Local: the overview sums rollups (hand-checked on a clinic
 * of its own whose rollup items the test writes), the nightly patient-metrics job stores a
 * snapshot whose numbers are hand-checked on a small fixture, and the patients behind a number
 * come back a page at a time, masked for marketing, never across clinics or chains.
 *
 * Checkout may also be writing rollups (today's day); assertions on the demo clinics compare
 * the API with readRollups rather than with fixed numbers, so they hold either way.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterNames as n, type DayCounters } from '../../shared/domain/kpi/rollup.js';
import { addDays, addMonths, localDay } from '../../shared/domain/time.js';
import type { Clinic } from '../../shared/schemas/org.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { KpiOverview, KpiPatientPage, PatientBaseView } from '../../shared/schemas/kpi.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
/** A clinic whose rollups only this test writes. */
let rollupClinic: Clinic;
/** A clinic whose patients and visits only this test writes, for the nightly job. */
let baseClinic: Clinic;
const now = new Date();
const today = localDay(now, 'Asia/Shanghai');

let phoneCounter = 0;
const newPatient = async (clinicId: string, name: string, token = owner) => {
  const phone = `1371${String(Date.now() % 10_000).padStart(4, '0')}${String(phoneCounter++).padStart(3, '0')}`;
  const res = await twin.api<Patient>('POST', '/patients', { token, body: { name, phone, clinicId, channel: 'wechat', notes: '仅内部备注' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const newClinic = async (name: string) => {
  const res = await twin.api<Clinic>('POST', '/clinics', { token: owner, body: { name, smsSignature: '微笑口腔' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const writeRollups = async (deltas: DayCounters[], visitors: Map<string, string[]>) => {
  const { documentClient } = await import('../../functions/adapters/dynamo/client.js');
  const { rollupUpdates } = await import('../../functions/adapters/dynamo/kpi-repository.js');
  const people = new Map([...visitors].map(([k, ids]) => [k, { visitors: { add: ids } }]));
  await documentClient.send(new TransactWriteCommand({ TransactItems: rollupUpdates(twin.demo.tenantId, deltas, people) }));
};

/** Visits and the summary written as checkout would leave them, on any past day (checkout takes ≤ 30 days back). */
const giveVisits = async (patient: Patient, days: string[], feeFen = 20_000) => {
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  const { summaryItem, visitItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const sorted = [...days].sort();
  for (const [i, day] of sorted.entries()) {
    const visit: Visit = {
      visitId: `01KPIVISIT${patient.patientId.slice(-10)}${String(i).padStart(6, '0')}`, patientId: patient.patientId, clinicId: patient.clinicId, visitedAt: `${day}T02:00:00.000Z`,
      source: 'import', lines: [], subtotalFen: feeFen, discountFen: 0, totalFen: feeFen, payments: [], notes: '', createdBy: 'test', createdAt: now.toISOString(),
    };
    await documentClient.send(new PutCommand({ TableName: tableName, Item: visitItem(twin.demo.tenantId, visit) }));
  }
  const summary = { visitCount: days.length, totalSpendFen: feeFen * days.length, firstVisitAt: `${sorted[0]}T02:00:00.000Z`, lastVisitAt: `${sorted.at(-1)}T02:00:00.000Z`, lastVisitClinicId: patient.clinicId, version: 1 };
  await documentClient.send(new PutCommand({ TableName: tableName, Item: summaryItem(twin.demo.tenantId, patient.patientId, summary) }));
  // Written below the services, like an import: refresh the patient's facts as a service would.
  const { refreshPatientFacts } = await import('../../functions/services/segment-facts-service.js');
  await refreshPatientFacts(twin.demo.tenantId, patient.patientId, now);
};

const runJob = async () => {
  const { runPatientMetrics } = await import('../../functions/jobs/patient-metrics.js');
  return runPatientMetrics(twin.demo.tenantId, now);
};

const allPages = async (list: string, token: string, clinicId?: string, limit = 200) => {
  const items: Patient[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ list, limit: String(limit), ...(clinicId ? { clinicId } : {}), ...(cursor ? { cursor } : {}) });
    const res = await twin.api<KpiPatientPage>('GET', `/kpi/patients?${query}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.cursor;
  } while (cursor);
  return items;
};

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  rollupClinic = await newClinic('KPI汇总测试店');
  baseClinic = await newClinic('KPI快照测试店');
});
afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

describe('GET /kpi/overview', () => {
  it('sums the rollups of the range, the previous period of the same length, per day and per clinic, with derived rates', async () => {
    const [p1, p2, p3] = [await newPatient(rollupClinic.clinicId, '汇总一'), await newPatient(rollupClinic.clinicId, '汇总二'), await newPatient(rollupClinic.clinicId, '汇总三')];
    const c = rollupClinic.clinicId;
    await writeRollups(
      [
        { clinicId: c, day: '2026-02-28', counters: { [n.visits]: 2, [n.revenueFen]: 5_000 } },
        {
          clinicId: c, day: '2026-03-01',
          counters: {
            [n.visits]: 3, [n.uniquePatients]: 2, [n.newPatients]: 1, [n.newPatientsByChannel('wechat')]: 1, [n.revenueFen]: 30_000,
            [n.revenueByCategory('cleaning')]: 30_000, [n.revenueByMethod('cash')]: 30_000, [n.appointments.booked]: 4, [n.appointments.kept]: 3, [n.appointments.noShow]: 1,
          },
        },
        { clinicId: c, day: '2026-03-02', counters: { [n.visits]: 1, [n.uniquePatients]: 1, [n.revenueFen]: 10_001, [n.appointments.booked]: 1, [n.appointments.cancelled]: 1, [n.messages('sent')]: 2 } },
      ],
      new Map([[`${c}#2026-03-01`, [p1.patientId, p2.patientId]], [`${c}#2026-03-02`, [p2.patientId, p3.patientId]]]),
    );

    const res = await twin.api<KpiOverview>('GET', `/kpi/overview?from=2026-03-01&to=2026-03-02&clinicId=${c}`, { token: owner });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const o = res.body;
    expect(o.clinicIds).toEqual([c]);
    expect(o.current).toMatchObject({ visits: 4, uniquePatients: 3, newPatients: 1, revenueFen: 40_001, averageTicketFen: 10_000 });
    expect(o.current.appointments).toMatchObject({ booked: 5, kept: 3, noShow: 1, cancelled: 1, keptRate: 0.75, noShowRate: 0.25, cancelRate: 0.2 });
    expect(o.current.messages).toMatchObject({ sent: 2, sentRate: 1 });
    expect(o.previous).toMatchObject({ visits: 2, revenueFen: 5_000, averageTicketFen: 2_500 });
    expect(o.daily).toEqual([
      { day: '2026-03-01', visits: 3, revenueFen: 30_000, newPatients: 1, kept: 3, noShow: 1, messagesSent: 0 },
      { day: '2026-03-02', visits: 1, revenueFen: 10_001, newPatients: 0, kept: 0, noShow: 0, messagesSent: 2 },
    ]);
    expect(o.byClinic).toEqual([{ clinicId: c, name: 'KPI汇总测试店', kpis: o.current }]);
    expect(o.breakdowns.revenueFenByCategory).toEqual({ cleaning: 30_000 });
    expect(o.breakdowns.newPatientsByChannel).toEqual({ wechat: 1 });

    // The visitors behind the range: distinct patients of both days, a page at a time.
    const visitors = await allPages('visitors:2026-03-01:2026-03-02', owner, c, 2);
    expect(visitors.map((p) => p.patientId).sort()).toEqual([p1.patientId, p2.patientId, p3.patientId].sort());
  });

  it('the chain view equals the sum of the stored rollups of every clinic, whatever checkout wrote meanwhile', async () => {
    const { frontdesk, procedures } = await checkoutToday();
    expect(frontdesk).toBeTruthy();
    expect(procedures).toBeGreaterThan(0);
    const { readRollups } = await import('../../functions/adapters/dynamo/kpi-repository.js');
    const { sumRollups, derive } = await import('../../shared/domain/kpi/rollup.js');
    const from = addDays(today, -29);
    const res = await twin.api<KpiOverview>('GET', `/kpi/overview?from=${from}&to=${today}`, { token: owner });
    expect(res.status).toBe(200);
    const days = await readRollups(twin.demo.tenantId, res.body.clinicIds, from, today);
    expect(res.body.current).toEqual(derive(sumRollups(days.map((d) => d.counters))));
    expect(res.body.daily).toHaveLength(30);
    expect(res.body.daily.reduce((s, d) => s + d.visits, 0)).toBe(res.body.current.visits);
    expect(res.body.byClinic.reduce((s, c) => s + c.kpis.revenueFen, 0)).toBe(res.body.current.revenueFen);
    expect(res.body.clinicIds).toEqual(expect.arrayContaining([twin.demo.jinganId, twin.demo.tianheId, rollupClinic.clinicId]));
  });

  it('managers and marketing see only their clinics; another clinic or chain answers 404', async () => {
    const manager = await twin.tokenFor('manager');
    const marketing = await twin.tokenFor('marketing');
    const range = `from=2026-03-01&to=2026-03-02`;
    expect((await twin.api<KpiOverview>('GET', `/kpi/overview?${range}`, { token: manager })).body.clinicIds).toEqual([twin.demo.jinganId]);
    expect((await twin.api<KpiOverview>('GET', `/kpi/overview?${range}`, { token: marketing })).body.clinicIds.sort()).toEqual([twin.demo.jinganId, twin.demo.tianheId].sort());
    expect((await twin.api('GET', `/kpi/overview?${range}&clinicId=${rollupClinic.clinicId}`, { token: manager })).status).toBe(404);
    expect((await twin.api('GET', `/kpi/patients?list=visitors:2026-03-01:2026-03-02&clinicId=${rollupClinic.clinicId}`, { token: marketing })).status).toBe(404);
    const other = await twin.otherChain();
    expect((await twin.api('GET', `/kpi/overview?${range}&clinicId=${rollupClinic.clinicId}`, { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api('GET', `/kpi/patients?list=visitors:2026-03-01:2026-03-02&clinicId=${rollupClinic.clinicId}`, { token: other.ownerToken })).status).toBe(404);
    const theirs = await twin.api<KpiOverview>('GET', `/kpi/overview?${range}`, { token: other.ownerToken });
    expect(theirs.body.clinicIds).toEqual([other.clinicId]);
    expect(theirs.body.current.visits).toBe(0);
  });

  it.each([
    ['to before from', 'from=2026-03-02&to=2026-03-01', 'to'],
    ['a range over 400 days', 'from=2025-01-01&to=2026-03-01', 'to'],
    ['no from', 'to=2026-03-01', 'from'],
    ['a bad date', 'from=2026-02-30&to=2026-03-01', 'from'],
    ['an unknown parameter', 'from=2026-03-01&to=2026-03-01&clinic=x', 'clinic'],
  ])('%s is a 400 naming the field', async (_what, query, field) => {
    const res = await twin.api<ApiErrorBody>('GET', `/kpi/overview?${query}`, { token: owner });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toContain(field);
  });

  it('front desk and dentists may not read KPIs', async () => {
    for (const role of ['frontdesk', 'dentist'] as const) {
      const token = await twin.tokenFor(role);
      expect((await twin.api('GET', '/kpi/overview?from=2026-03-01&to=2026-03-02', { token })).status).toBe(403);
      expect((await twin.api('GET', '/kpi/patient-base', { token })).status).toBe(403);
      expect((await twin.api('GET', '/kpi/patients?list=visitors:2026-03-01:2026-03-02', { token })).status).toBe(403);
    }
  });
});

/** A real checkout today in 静安店, through the API; returns what the test needs to know it ran. */
const checkoutToday = async () => {
  const frontdesk = await twin.tokenFor('frontdesk');
  const list = await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token: frontdesk });
  const exam = list.body.items.find((p) => p.code === 'exam');
  const patient = await newPatient(twin.demo.jinganId, '今日结账', frontdesk);
  const res = await twin.api<Visit>('POST', `/patients/${patient.patientId}/visits`, {
    token: frontdesk,
    body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: exam?.procedureId ?? '' }], payments: [{ method: 'cash', amountFen: 5_000 }] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  checkedOut = patient;
  return { frontdesk, procedures: list.body.items.length };
};
let checkedOut: Patient | undefined;

describe('GET /kpi/patient-base and the nightly patient-metrics job', () => {
  it('before the first run: 200 with an empty view, not 404', async () => {
    const res = await twin.api<PatientBaseView>('GET', `/kpi/patient-base?clinicId=${baseClinic.clinicId}`, { token: owner });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ empty: true, asOf: '', patients: 0, clinicId: baseClinic.clinicId });
    expect(res.body.rfm.grid).toHaveLength(5);
    expect(res.body.heatmap).toHaveLength(7);
  });

  it('stores a snapshot whose numbers match a hand-checked fixture, with the patients behind each', async () => {
    const m = (k: number) => addMonths(today, -k);
    // A: back after 14 months (active, retained, reactivated); B, E: last seen 8 months ago (at risk),
    // E returned 2 months after a first visit; C: 14 months ago (dormant); D: never came.
    const [a, b, c, d, e] = [
      await newPatient(baseClinic.clinicId, '快照甲'), await newPatient(baseClinic.clinicId, '快照乙'), await newPatient(baseClinic.clinicId, '快照丙'),
      await newPatient(baseClinic.clinicId, '快照丁'), await newPatient(baseClinic.clinicId, '快照戊'),
    ];
    await giveVisits(a, [m(14), addDays(today, -10)]);
    await giveVisits(b, [m(8)]);
    await giveVisits(c, [m(14)]);
    await giveVisits(e, [m(10), m(8)], 50_000);
    expect(await runJob()).toMatchObject({ clinics: expect.any(Number), patients: expect.any(Number) });

    const res = await twin.api<PatientBaseView>('GET', `/kpi/patient-base?clinicId=${baseClinic.clinicId}`, { token: owner });
    expect(res.status).toBe(200);
    const v = res.body;
    expect(v.empty).toBeUndefined();
    expect(v.asOf).toBe(now.toISOString());
    expect(v.patients).toBe(5);
    const counts = Object.fromEntries(Object.entries(v.activity).map(([k, x]) => [k, x.count]));
    expect(counts).toEqual({ active: 1, 'at-risk': 2, dormant: 1, 'never-visited': 1 });
    expect([v.retention.numerator.count, v.retention.denominator.count, v.retention.rate]).toEqual([1, 2, 0.5]);
    expect([v.returnWithin6Months.numerator.count, v.returnWithin6Months.denominator.count, v.returnWithin6Months.rate]).toEqual([1, 4, 0.25]);
    expect([v.reactivation.numerator.count, v.reactivation.denominator.count]).toEqual([1, 2]);
    expect(v.funnel.map((s) => [s.step, s.count])).toEqual([['lead', 0], ['registered', 5], ['first-visit', 4], ['returning', 2], ['loyal', 0], ['member', 0]]);
    // RFM is scored on the whole chain; this clinic's slice still covers exactly its scored patients.
    expect(v.rfm.population).toBe(4);
    expect(Object.values(v.rfm.cells).reduce((s, x) => s + x.count, 0)).toBe(4);
    expect(v.rfm.grid.flat().reduce((s, x) => s + x, 0)).toBe(4);
    expect(v.ltvByChannel).toEqual([expect.objectContaining({ key: 'wechat', patients: 5, spentFen: 2 * 20_000 + 20_000 + 20_000 + 2 * 50_000 })]);
    // E's cohort (first visit 10 months ago): nobody in the month after, everyone two months after.
    const cohortE = v.cohorts.find((r) => r.cohort === m(10).slice(0, 7));
    expect(cohortE).toMatchObject({ size: 1 });
    expect(cohortE?.months.slice(0, 2)).toEqual([0, 1]);
    expect(v.cohorts).toHaveLength(12);
    expect(v.heatmap.flat().reduce((s, x) => s + x, 0)).toBe(1);

    const ids = async (list: string) => (await allPages(list, owner)).map((p) => p.patientId).sort();
    expect(await ids(v.activity['at-risk'].list)).toEqual([b.patientId, e.patientId].sort());
    expect(await ids(v.activity.dormant.list)).toEqual([c.patientId]);
    expect(await ids(v.retention.numerator.list)).toEqual([a.patientId]);
    expect(await ids(v.activity['never-visited'].list)).toEqual([d.patientId]);
    // Paging: one at a time, the cursor carries on and stops at the end.
    const first = await twin.api<KpiPatientPage>('GET', `/kpi/patients?list=${encodeURIComponent(v.activity['at-risk'].list)}&limit=1`, { token: owner });
    expect(first.body).toMatchObject({ total: 2, withheld: 0 });
    expect(first.body.items).toHaveLength(1);
    const second = await twin.api<KpiPatientPage>('GET', `/kpi/patients?list=${encodeURIComponent(v.activity['at-risk'].list)}&limit=1&cursor=${first.body.cursor}`, { token: owner });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.cursor).toBeUndefined();
    expect(second.body.items[0]?.patientId).not.toBe(first.body.items[0]?.patientId);

    // The chain snapshot holds everyone; its RFM cells add up to its population.
    const chain = (await twin.api<PatientBaseView>('GET', '/kpi/patient-base', { token: owner })).body;
    expect(chain.clinicId).toBeUndefined();
    expect(chain.patients).toBeGreaterThanOrEqual(5);
    expect(Object.values(chain.rfm.cells).reduce((s, x) => s + x.count, 0)).toBe(chain.rfm.population);
    expect(Object.values(chain.activity).reduce((s, x) => s + x.count, 0)).toBe(chain.patients);
  });

  it('names each referrer in the lifetime-value table, the surname only for marketing (issue 13)', async () => {
    const referrer = await newPatient(twin.demo.jinganId, '推荐人王五');
    const phone = `1372${String(Date.now() % 10_000).padStart(4, '0')}${String(phoneCounter++).padStart(3, '0')}`;
    const referred = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '被推荐人', phone, clinicId: twin.demo.jinganId, channel: 'referral', referrer: { kind: 'patient', patientId: referrer.patientId } } })).body;
    await giveVisits(referred, [addDays(today, -3)]);
    await runJob();
    const row = async (token: string) => (await twin.api<PatientBaseView>('GET', `/kpi/patient-base?clinicId=${twin.demo.jinganId}`, { token })).body.ltvByReferrer.find((r) => r.key === `patient:${referrer.patientId}`);
    expect(await row(owner)).toMatchObject({ name: '推荐人王五', patients: 1 });
    expect((await row(await twin.tokenFor('marketing')))?.name).toBe('推***');
  });

  it('marketing reads its clinics’ lists with masked phones and no notes; not the chain’s, not another clinic’s', async () => {
    if (!checkedOut) await checkoutToday();
    await runJob();
    const marketing = await twin.tokenFor('marketing');
    const view = (await twin.api<PatientBaseView>('GET', `/kpi/patient-base?clinicId=${twin.demo.jinganId}`, { token: marketing })).body;
    expect(view.clinicId).toBe(twin.demo.jinganId);
    const active = await allPages(view.activity.active.list, marketing);
    const mine = active.find((p) => p.patientId === checkedOut?.patientId);
    expect(mine?.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(active.every((p) => /^\d{3}\*{4}\d{4}$/.test(p.phone) && !('notes' in p))).toBe(true);
    const asOwner = await allPages(view.activity.active.list, owner);
    expect(asOwner.find((p) => p.patientId === checkedOut?.patientId)?.phone).toBe(checkedOut?.phone);

    const chainList = (await twin.api<PatientBaseView>('GET', '/kpi/patient-base', { token: owner })).body.activity.active.list;
    expect((await twin.api('GET', `/kpi/patients?list=${encodeURIComponent(chainList)}`, { token: marketing })).status).toBe(404);
    const baseList = (await twin.api<PatientBaseView>('GET', `/kpi/patient-base?clinicId=${baseClinic.clinicId}`, { token: owner })).body.activity.dormant.list;
    expect((await twin.api('GET', `/kpi/patients?list=${encodeURIComponent(baseList)}`, { token: marketing })).status).toBe(404);
    expect((await twin.api('GET', `/kpi/patient-base?clinicId=${baseClinic.clinicId}`, { token: marketing })).status).toBe(404);
    const other = await twin.otherChain();
    expect((await twin.api('GET', `/kpi/patients?list=${encodeURIComponent(baseList)}`, { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api('GET', `/kpi/patient-base?clinicId=${baseClinic.clinicId}`, { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api<ApiErrorBody>('GET', '/kpi/patients?list=everyone', { token: owner })).body.error.fields?.[0]?.path).toBe('list');
  });

  it('recall groups follow treatments: marketing reads each group’s counts, not who missed it (400 list.clinical); the owner gets the list', async () => {
    // A jingan patient whose implant check fell due two months ago, with no visit since: missed.
    const patient = await newPatient(twin.demo.jinganId, '种植复查患者');
    const visitDay = addMonths(today, -8);
    await giveVisits(patient, [visitDay]);
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { recallItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const due = { group: 'implant-maintenance', dueDate: addDays(today, -60), anchorDate: visitDay, rule: { kind: 'interval' as const, group: 'implant-maintenance', months: 6 } };
    await documentClient.send(new PutCommand({ TableName: tableName, Item: recallItem(twin.demo.tenantId, patient.patientId, twin.demo.jinganId, due, 'KPIRECALLVISIT') }));
    // written around the API: the patient's facts are folded as a record change would fold them
    const { refreshPatientFacts } = await import('../../functions/services/segment-facts-service.js');
    await refreshPatientFacts(twin.demo.tenantId, patient.patientId, now);
    await runJob();
    const marketing = await twin.tokenFor('marketing');
    const asOwner = (await twin.api<PatientBaseView>('GET', `/kpi/patient-base?clinicId=${twin.demo.jinganId}`, { token: owner })).body.recallCompliance;
    const asMarketing = (await twin.api<PatientBaseView>('GET', `/kpi/patient-base?clinicId=${twin.demo.jinganId}`, { token: marketing })).body.recallCompliance;
    const listed = asOwner.filter((row) => row.list !== '');
    expect(listed.length).toBeGreaterThan(0);
    expect(asMarketing.map(({ list: _list, ...counts }) => counts)).toEqual(asOwner.map(({ list: _list, ...counts }) => counts));
    expect(asMarketing.every((row) => row.list === '')).toBe(true);
    for (const row of listed) {
      const refused = await twin.api<ApiErrorBody>('GET', `/kpi/patients?list=${encodeURIComponent(row.list)}`, { token: marketing });
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields?.[0]).toMatchObject({ path: 'list', code: 'list.clinical' });
      expect((await twin.api('GET', `/kpi/patients?list=${encodeURIComponent(row.list)}`, { token: owner })).status).toBe(200);
    }
  });

  it('a list longer than one chunk pages through every id exactly once', async () => {
    const { putBaseSnapshot, readStoredList } = await import('../../functions/adapters/dynamo/kpi-snapshot-repository.js');
    const { emptyPatientBase } = await import('../../functions/services/kpi-patient-base.js');
    const all = Array.from({ length: 2_345 }, (_, i) => `P${String(i).padStart(6, '0')}`);
    await putBaseSnapshot(twin.demo.tenantId, '2000-01-01', 'chain', emptyPatientBase(), [{ name: 'chain:test.big', patientIds: all }], now.toISOString());
    const seen: string[] = [];
    let at: { chunk: number; offset: number } | undefined = { chunk: 0, offset: 0 };
    while (at) {
      const slice = await readStoredList(twin.demo.tenantId, '2000-01-01', 'chain:test.big', at, 200);
      expect(slice?.total).toBe(2_345);
      seen.push(...(slice?.ids ?? []));
      at = slice?.next;
    }
    expect(seen).toEqual(all);
  });
});
