import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { addMonths } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let frontdesk: string;
let procedures: Map<string, Procedure>;

type Timeline = {
  summary: { visitCount: number; totalSpendFen: number; lifecycleStage: string; firstVisitAt?: string; lastVisitAt?: string };
  recalls: { group: string; dueDate: string }[];
  items: { kind: string; at: string; task?: { topic: string; dueAt: string; status: string; assignee: unknown } }[];
};

beforeAll(async () => {
  twin = await startTestTwin();
  frontdesk = await twin.tokenFor('frontdesk');
  const list = await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token: frontdesk });
  procedures = new Map(list.body.items.map((p) => [p.code, p]));
});
afterAll(async () => twin?.stop());

const id = (code: string) => procedures.get(code)?.procedureId ?? '';
const newPatient = async (name = '结账患者') =>
  (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name, phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, clinicId: twin.demo.jinganId } })).body;
const checkout = (patientId: string, body: Record<string, unknown>) =>
  twin.api<Visit & ApiErrorBody>('POST', `/patients/${patientId}/visits`, { token: frontdesk, body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, ...body } });
const timeline = async (patientId: string) => (await twin.api<Timeline>('GET', `/patients/${patientId}/timeline`, { token: frontdesk })).body;
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('checkout', () => {
  it('prices two procedures from the catalog, takes the payment, and updates summary, recall and follow-up calls together', async () => {
    const patient = await newPatient();
    const res = await checkout(patient.patientId, {
      lines: [{ procedureId: id('cleaning') }, { procedureId: id('wisdom-tooth'), teeth: ['38'], discountFen: 20_000 }],
      discountFen: 5_000,
      payments: [{ method: 'wechat', amountFen: 100_000 }, { method: 'cash', amountFen: 10_000 }],
    });
    expect(res.status).toBe(201);
    expect(res.body.lines.map((l) => [l.code, l.unitPriceFen, l.amountFen])).toEqual([['cleaning', 15_000, 15_000], ['wisdom-tooth', 120_000, 100_000]]);
    expect(res.body).toMatchObject({ subtotalFen: 115_000, discountFen: 5_000, totalFen: 110_000 });

    const view = await timeline(patient.patientId);
    expect(view.summary).toMatchObject({ visitCount: 1, totalSpendFen: 110_000, lifecycleStage: 'post-care' });
    expect(view.recalls).toEqual([{ group: 'cleaning', dueDate: addMonths(shanghaiToday(), 6), basedOnVisitId: res.body.visitId }]);
    const tasks = view.items.filter((i) => i.kind === 'task').map((i) => i.task);
    expect(tasks.map((t) => t?.topic).sort()).toEqual(['post-op-24h']);
    expect(Date.parse(tasks[0]?.dueAt ?? '') - Date.parse(res.body.visitedAt)).toBe(24 * 3600_000);
    expect(tasks[0]?.assignee).toEqual({ kind: 'person', userId: twin.demo.dentistId });
  });

  it('uses the clinic’s own price', async () => {
    const set = await twin.api<Procedure>('PUT', `/procedures/${id('cleaning')}/prices/${twin.demo.jinganId}`, { token: await twin.tokenFor('owner'), body: { priceFen: 12_800, version: procedures.get('cleaning')?.version } });
    expect(set.status).toBe(200);
    const patient = await newPatient();
    const res = await checkout(patient.patientId, { lines: [{ procedureId: id('cleaning') }], payments: [{ method: 'alipay', amountFen: 12_800 }] });
    expect(res.status).toBe(201);
    expect(res.body.totalFen).toBe(12_800);
    await twin.api('PUT', `/procedures/${id('cleaning')}/prices/${twin.demo.jinganId}`, { token: await twin.tokenFor('owner'), body: { priceFen: null, version: set.body.version } });
  });

  it('completes the appointment it came from; the same appointment cannot be checked out twice', async () => {
    const patient = await newPatient();
    const start = new Date(Math.ceil(Date.now() / 900_000) * 900_000 + 2 * 86_400_000).toISOString();
    const appointment = (await twin.api<Appointment>('POST', '/appointments', { token: frontdesk, body: { patientId: patient.patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair: '结账椅', startAt: start } })).body;
    await twin.api('POST', `/patients/${patient.patientId}/appointments/${appointment.appointmentId}/check-in`, { token: frontdesk });
    const body = { appointmentId: appointment.appointmentId, lines: [{ procedureId: id('exam') }], payments: [{ method: 'card', amountFen: 5_000 }] };
    expect((await checkout(patient.patientId, body)).status).toBe(201);
    const list = await twin.api<{ items: Appointment[] }>('GET', `/patients/${patient.patientId}/appointments`, { token: frontdesk });
    expect(list.body.items[0]?.status).toBe('completed');
    const again = await checkout(patient.patientId, body);
    expect(again.status).toBe(409);
    expect((await timeline(patient.patientId)).summary.visitCount).toBe(1);
  });

  it('installments: the schedule must add up and be due after today; parts appear on the timeline', async () => {
    const patient = await newPatient();
    const today = shanghaiToday();
    const schedule = [1, 2, 3].map((m) => ({ dueDate: addMonths(today, m), amountFen: 400_000 }));
    const res = await checkout(patient.patientId, { lines: [{ procedureId: id('implant') }], payments: [{ method: 'installment', amountFen: 1_200_000, schedule }] });
    expect(res.status).toBe(201);
    const view = await timeline(patient.patientId);
    expect(view.items.filter((i) => i.kind === 'installment')).toHaveLength(3);
    expect(view.recalls).toEqual([{ group: 'implant-maintenance', dueDate: addMonths(today, 12), basedOnVisitId: res.body.visitId }]);
  });

  it('a checkout too large for one transaction is refused on the payments, and nothing is written', async () => {
    const patient = await newPatient();
    const today = shanghaiToday();
    // 36 monthly parts per payment, adding up to 400,000 fen each: 108 installment items.
    const schedule = Array.from({ length: 36 }, (_, k) => ({ dueDate: addMonths(today, k + 1), amountFen: k === 35 ? 400_000 - 35 * 11_111 : 11_111 }));
    const payments = [0, 1, 2].map(() => ({ method: 'installment', amountFen: 400_000, schedule }));
    const res = await checkout(patient.patientId, { lines: [{ procedureId: id('implant') }], payments });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('payments');
    expect(res.body.error.fields?.[0]?.message).toMatch(/^make this checkout smaller: it would change \d+ records at once, more than 100$/);
    expect((await timeline(patient.patientId)).summary).toMatchObject({ visitCount: 0, totalSpendFen: 0 });
  });

  it('a retried checkout with the same idempotency key records one visit and answers with it', async () => {
    const patient = await newPatient();
    const body = { lines: [{ procedureId: id('cleaning') }], payments: [{ method: 'cash', amountFen: 15_000 }], idempotencyKey: 'till-42-receipt-0001' };
    const [a, b, c] = await Promise.all([checkout(patient.patientId, body), checkout(patient.patientId, body), checkout(patient.patientId, body)]);
    expect([a?.status, b?.status, c?.status].sort()).toEqual([200, 200, 201]);
    expect(new Set([a?.body.visitId, b?.body.visitId, c?.body.visitId]).size).toBe(1);
    expect((await timeline(patient.patientId)).summary).toMatchObject({ visitCount: 1, totalSpendFen: 15_000 });
  });

  it('concurrent checkouts of one patient each count: no lost summary update', async () => {
    const patient = await newPatient();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => checkout(patient.patientId, { lines: [{ procedureId: id('exam') }], payments: [{ method: 'cash', amountFen: 5_000 }] })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect((await timeline(patient.patientId)).summary).toMatchObject({ visitCount: 4, totalSpendFen: 20_000 });
  });
});

describe('checkout: bad input is a 400 naming the field, and nothing is written', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown procedure', { lines: [{ procedureId: 'nope' }], payments: [] }, 'lines.0.procedureId'],
    ['a fractional payment', { lines: [{ procedureId: 'exam' }], payments: [{ method: 'cash', amountFen: 49.5 }] }, 'payments.0.amountFen'],
    ['a negative discount', { lines: [{ procedureId: 'exam', discountFen: -100 }], payments: [] }, 'lines.0.discountFen'],
    ['payments that do not add up', { lines: [{ procedureId: 'exam' }], payments: [{ method: 'cash', amountFen: 4_000 }] }, 'payments'],
    ['a discount above the price', { lines: [{ procedureId: 'exam', discountFen: 6_000 }], payments: [] }, 'lines.0.discountFen'],
    ['an installment due in the past', { lines: [{ procedureId: 'exam' }], payments: [{ method: 'installment', amountFen: 5_000, schedule: [{ dueDate: '2020-01-01', amountFen: 5_000 }] }] }, 'payments.0.schedule.0.dueDate'],
    ['an installment schedule that does not add up', { lines: [{ procedureId: 'exam' }], payments: [{ method: 'installment', amountFen: 5_000, schedule: [{ dueDate: '2099-01-01', amountFen: 4_000 }] }] }, 'payments.0.schedule'],
    ['an installment without a schedule', { lines: [{ procedureId: 'exam' }], payments: [{ method: 'installment', amountFen: 5_000 }] }, 'payments.0.schedule'],
    ['an unknown payment method', { lines: [{ procedureId: 'exam' }], payments: [{ method: 'bitcoin', amountFen: 5_000 }] }, 'payments.0.method'],
    ['no lines', { lines: [], payments: [] }, 'lines'],
    ['a bad tooth number', { lines: [{ procedureId: 'exam', teeth: ['19'] }], payments: [{ method: 'cash', amountFen: 5_000 }] }, 'lines.0.teeth.0'],
    ['a visit in the future', { visitedAt: '2099-01-01T00:00:00Z', lines: [{ procedureId: 'exam' }], payments: [{ method: 'cash', amountFen: 5_000 }] }, 'visitedAt'],
    ['a dentist who is not one', { dentistId: 'someone', lines: [{ procedureId: 'exam' }], payments: [{ method: 'cash', amountFen: 5_000 }] }, 'dentistId'],
  ];

  it.each(cases)('%s', async (_label, body, field) => {
    const patient = await newPatient();
    const withIds = { ...body, lines: (body.lines as { procedureId: string }[]).map((l) => ({ ...l, procedureId: l.procedureId === 'nope' ? 'nope' : id(l.procedureId) })) };
    const res = await checkout(patient.patientId, withIds);
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toContain(field);
    const view = await timeline(patient.patientId);
    expect(view.summary.visitCount).toBe(0);
    expect(view.items).toEqual([]);
    expect(view.recalls).toEqual([]);
  });
});

describe('recall rules', () => {
  it('perio brings the patient back in 3 months, and a later cleaning resets its own group only', async () => {
    const patient = await newPatient();
    await checkout(patient.patientId, { lines: [{ procedureId: id('perio-therapy') }], payments: [{ method: 'cash', amountFen: 80_000 }] });
    const view = await timeline(patient.patientId);
    expect(view.recalls).toEqual([{ group: 'perio', dueDate: addMonths(shanghaiToday(), 3), basedOnVisitId: expect.any(String) }]);
  });
});
