/**
 * Issue 13 part 3, the overview's fixes a new user hit, on DynamoDB Local with the demo history
 * (small): the first start leaves a patient base behind; a partly future range compares like
 * with like and marks today partial; several clinics' patient base is their snapshots added up,
 * its lists their lists one after the other; the lists behind the cards carry their columns.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { counterNames as n } from '../../shared/domain/kpi/rollup.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { Clinic } from '../../shared/schemas/org.js';
import type { KpiOverview, KpiPatientPage, PatientBaseView } from '../../shared/schemas/kpi.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTwin } from '../../functions/local/twin.js';
import { testTwinFrom, type TestTwin } from '../support/twin-client.js';

let twin: TestTwin;
let owner: string;
/** GET /kpi/patient-base as the owner, asked the moment the twin had started */
let firstBase: PatientBaseView;
const today = () => localDay(new Date(), 'Asia/Shanghai');

let phoneCounter = 0;
const newPatient = async (clinicId: string, name: string, extra: Record<string, unknown> = {}) => {
  const phone = `1372${String(Date.now() % 10_000).padStart(4, '0')}${String(phoneCounter++).padStart(3, '0')}`;
  const res = await twin.api<Patient>('POST', '/patients', { token: owner, body: { name, phone, clinicId, channel: 'referral', ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const runJob = async () => {
  const { runPatientMetrics } = await import('../../functions/jobs/patient-metrics.js');
  return runPatientMetrics(twin.demo.tenantId, new Date());
};

const allIds = async (list: string, token: string) => {
  const ids: string[] = [];
  let cursor: string | undefined;
  let total = 0;
  do {
    const query = new URLSearchParams({ list, limit: '7', ...(cursor ? { cursor } : {}) });
    const res = await twin.api<KpiPatientPage>('GET', `/kpi/patients?${query}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...res.body.items.map((p) => p.patientId));
    total = res.body.total;
    cursor = res.body.cursor;
  } while (cursor);
  return { ids, total };
};

beforeAll(async () => {
  const dynamoEndpoint = inject('dynamoEndpoint');
  if (!dynamoEndpoint) throw new Error('Connected tests need DynamoDB Local');
  twin = await testTwinFrom(await startTwin({ port: 0, inMemory: true, quiet: true, dynamoEndpoint, retryDelayMs: 50, demoHistory: { patients: 40, progress: false } }));
  owner = await twin.tokenFor('owner');
  // At once, before anything else runs: what the owner reads on opening the dashboard.
  firstBase = (await twin.api<PatientBaseView>('GET', '/kpi/patient-base', { token: owner })).body;
}, 240_000);

afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

describe('the first start (issue 13: no "first figures tomorrow" on day one)', () => {
  it('computes the patient base while seeding: the owner reads it as soon as the twin is up', () => {
    expect(twin.demoPatientBase?.ms).toBeGreaterThan(0);
    expect(firstBase.empty).toBeUndefined();
    expect(firstBase.asOf).not.toBe('');
    expect(firstBase.patients).toBeGreaterThanOrEqual(40);
  });
});

describe('a partly future range compares like with like', () => {
  let clinic: Clinic;
  beforeAll(async () => {
    const res = await twin.api<Clinic>('POST', '/clinics', { token: owner, body: { name: 'KPI对比测试店', smsSignature: '微笑口腔' } });
    clinic = res.body;
    // ten visits a day for the ten days up to today
    const { documentClient } = await import('../../functions/adapters/dynamo/client.js');
    const { rollupUpdates } = await import('../../functions/adapters/dynamo/kpi-repository.js');
    const deltas = Array.from({ length: 10 }, (_, i) => ({ clinicId: clinic.clinicId, day: addDays(today(), -i), counters: { [n.visits]: 10 } }));
    await documentClient.send(new TransactWriteCommand({ TransactItems: rollupUpdates(twin.demo.tenantId, deltas) }));
  });

  it('clips the previous period to the days of the range that have begun, and marks today partial and later days future', async () => {
    const [from, to] = [addDays(today(), -2), addDays(today(), 4)];
    const res = await twin.api<KpiOverview>('GET', `/kpi/overview?from=${from}&to=${to}&clinicId=${clinic.clinicId}`, { token: owner });
    expect(res.status).toBe(200);
    const o = res.body;
    expect(o.today).toBe(today());
    // 3 days have begun (today included): compared with the first 3 of the 7 days before, not all 7
    expect(o.comparison).toEqual({ days: 7, elapsedDays: 3, previous: { from: addDays(from, -7), to: addDays(from, -5) } });
    expect(o.current.visits).toBe(30);
    expect(o.previous.visits).toBe(30);
    expect(o.daily.map((d) => d.status ?? 'done')).toEqual(['done', 'done', 'partial', 'future', 'future', 'future', 'future']);
  });

  it('a range that has not begun has nothing to compare', async () => {
    const [from, to] = [addDays(today(), 1), addDays(today(), 7)];
    const o = (await twin.api<KpiOverview>('GET', `/kpi/overview?from=${from}&to=${to}&clinicId=${clinic.clinicId}`, { token: owner })).body;
    expect(o.comparison).toEqual({ days: 7, elapsedDays: 0, previous: null });
    expect(o.previous.visits).toBe(0);
    expect(o.daily.every((d) => d.status === 'future')).toBe(true);
  });

  it('a past range is compared with the whole period before it, as before', async () => {
    const [from, to] = [addDays(today(), -4), addDays(today(), -1)];
    const o = (await twin.api<KpiOverview>('GET', `/kpi/overview?from=${from}&to=${to}&clinicId=${clinic.clinicId}`, { token: owner })).body;
    expect(o.comparison?.previous).toEqual({ from: addDays(today(), -8), to: addDays(today(), -5) });
    expect([o.current.visits, o.previous.visits]).toEqual([40, 40]);
    expect(o.daily.some((d) => d.status !== undefined)).toBe(false);
  });
});

describe('several clinics: the patient base follows them', () => {
  it('marketing (two of the three clinics) reads both clinics added up, and each list holds both clinics’ patients', async () => {
    await runJob();
    const marketing = await twin.tokenFor('marketing');
    const mine = (await twin.api<PatientBaseView>('GET', '/kpi/patient-base', { token: marketing })).body;
    const one = async (clinicId: string) => (await twin.api<PatientBaseView>('GET', `/kpi/patient-base?clinicId=${clinicId}`, { token: owner })).body;
    const [jingan, tianhe] = [await one(twin.demo.jinganId), await one(twin.demo.tianheId)];
    expect(mine.clinicIds?.sort()).toEqual([twin.demo.jinganId, twin.demo.tianheId].sort());
    expect(mine.clinicId).toBeUndefined();
    expect(mine.patients).toBe(jingan.patients + tianhe.patients);
    expect(mine.activity.active.count).toBe(jingan.activity.active.count + tianhe.activity.active.count);
    expect(mine.retention.denominator.count).toBe(jingan.retention.denominator.count + tianhe.retention.denominator.count);
    expect(mine.rfm.population).toBe(jingan.rfm.population + tianhe.rfm.population);
    // before: the first clinic alone
    expect(mine.patients).toBeGreaterThan(Math.max(jingan.patients, tianhe.patients));

    const list = mine.activity.active.list;
    expect(list).toMatch(/^base:\d{4}-\d{2}-\d{2}:mine:activity\.active$/);
    const merged = await allIds(list, marketing);
    const both = [...(await allIds(jingan.activity.active.list, owner)).ids, ...(await allIds(tianhe.activity.active.list, owner)).ids];
    expect(merged.total).toBe(mine.activity.active.count);
    expect(merged.ids.sort()).toEqual(both.sort());
    expect(new Set(merged.ids).size).toBe(merged.ids.length);
  });
});

describe('every card that opens its patients does, with the columns that matter', () => {
  type Procedure = { procedureId: string; clinicPriceFen: number; active?: boolean };
  let fresh: Patient;
  let paidFen = 0;
  const from = () => addDays(today(), -6);
  const page = async (list: string, clinicId: string) => {
    const res = await twin.api<KpiPatientPage>('GET', `/kpi/patients?${new URLSearchParams({ list, clinicId, limit: '200' })}`, { token: owner });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    const { items } = (await twin.api<{ items: Procedure[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: owner })).body;
    const procedure = items.find((p) => p.active !== false && p.clinicPriceFen > 0);
    paidFen = procedure?.clinicPriceFen ?? 0;
    fresh = await newPatient(twin.demo.jinganId, '名单新患者', { channel: 'douyin' });
    const res = await twin.api('POST', `/patients/${fresh.patientId}/visits`, {
      token: owner,
      body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: procedure?.procedureId ?? '' }], payments: [{ method: 'cash', amountFen: paidFen }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('visits open the visitors with their visits, amount and day in the range', async () => {
    const list = await page(`visitors:${from()}:${today()}`, twin.demo.jinganId);
    expect(list.columns).toEqual(['day', 'visits', 'amount', 'clinic']);
    expect(list.details[fresh.patientId]).toEqual({ day: today(), visits: 1, amountFen: paidFen, clinicId: twin.demo.jinganId });
    // newest first: today's visitor leads
    expect(list.details[list.items[0]?.patientId ?? '']?.day).toBe(today());
  });

  it('new patients open exactly the patients the card counts, with their first visit', async () => {
    const overview = (await twin.api<KpiOverview>('GET', `/kpi/overview?from=${from()}&to=${today()}&clinicId=${twin.demo.jinganId}`, { token: owner })).body;
    const list = await page(`new:${from()}:${today()}`, twin.demo.jinganId);
    expect(list.columns).toEqual(['firstVisit', 'amount', 'channel', 'clinic']);
    expect(list.total).toBe(overview.current.newPatients);
    expect(list.details[fresh.patientId]).toMatchObject({ firstVisit: today(), amountFen: paidFen, clinicId: twin.demo.jinganId });
    expect(list.items.find((p) => p.patientId === fresh.patientId)?.channel).toBe('douyin');
  });

  it('the no-show rate opens who missed an appointment, with its time', async () => {
    const { bookAppointment } = await import('../../functions/adapters/dynamo/appointment-repository.js');
    const missed = await newPatient(twin.demo.jinganId, '名单爽约');
    const startAt = new Date(Date.now() - 60 * 60_000).toISOString();
    const at = new Date().toISOString();
    await bookAppointment(twin.demo.tenantId, {
      appointmentId: `01NOSHOW${Date.now()}`, patientId: missed.patientId, patientName: missed.name, dentistName: '赵医生', clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId,
      chair: 'NS1', startAt, endAt: new Date(Date.now() - 30 * 60_000).toISOString(), localDay: localDay(new Date(startAt), 'Asia/Shanghai'), procedureIds: [], notes: '', status: 'booked',
      version: 1, createdBy: 'test', createdAt: at, updatedAt: at,
    });
    const { items } = (await twin.api<{ items: { appointmentId: string }[] }>('GET', `/patients/${missed.patientId}/appointments`, { token: owner })).body;
    const res = await twin.api('POST', `/patients/${missed.patientId}/appointments/${items[0]?.appointmentId}/no-show`, { token: owner });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const list = await page(`appts:${addDays(today(), -1)}:${today()}:no-show`, twin.demo.jinganId);
    expect(list.columns).toEqual(['appointment', 'clinic']);
    expect(list.details[missed.patientId]).toEqual({ appointmentAt: startAt, clinicId: twin.demo.jinganId });
    const kept = await page(`appts:${addDays(today(), -1)}:${today()}:kept`, twin.demo.jinganId);
    expect(kept.details[missed.patientId]).toBeUndefined();
  });

  it('snapshot lists show each patient’s last visit, visits and lifetime spend', async () => {
    await runJob();
    const base = (await twin.api<PatientBaseView>('GET', `/kpi/patient-base?clinicId=${twin.demo.jinganId}`, { token: owner })).body;
    const res = await twin.api<KpiPatientPage>('GET', `/kpi/patients?list=${encodeURIComponent(base.activity.active.list)}&limit=200`, { token: owner });
    expect(res.body.columns).toEqual(['lastVisit', 'visits', 'spent', 'clinic']);
    expect(res.body.details[fresh.patientId]).toEqual({ lastVisit: today(), visits: 1, spentFen: paidFen, clinicId: twin.demo.jinganId });
    expect(res.body.items.every((p) => typeof res.body.details[p.patientId]?.visits === 'number')).toBe(true);
  });
});
