/**
 * The owner's Catalog screen against the API: recall rules and care pathways edited per chain
 * (held to the version read, bad values refused by field), clinic prices held to the version
 * too, and the edited rules are what checkout and the recall and care jobs use from then on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { careTemplates } from '../../shared/domain/messaging/care-templates.js';
import { addDays, addMonths } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

type Timeline = { recalls: { group: string; dueDate: string }[]; items: { kind: string; task?: { topic: string; dueAt: string } }[] };

const procedure = async (code: string): Promise<Procedure> => {
  const items = (await twin.api<{ items: Procedure[] }>('GET', '/procedures?includeInactive=true', { token: owner })).body.items;
  const found = items.find((p) => p.code === code);
  if (!found) throw new Error(`no ${code} in the catalog`);
  return found;
};
const patch = (p: Procedure, body: Record<string, unknown>, token = owner) => twin.api<Procedure & ApiErrorBody>('PATCH', `/procedures/${p.procedureId}`, { token, body: { version: p.version, ...body } });
const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const smsTo = async (e164: string) => (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token: owner })).body.items.filter((m) => m.to === e164 && m.kind === 'sms');

const checkoutOne = async (p: Procedure) => {
  const phone = `1365678${String(1000 + n++).padStart(4, '0')}`;
  const body = { name: `规则患者${n}`, phone, clinicId: twin.demo.jinganId, consents: { care: { granted: true, source: 'paper-form' } } };
  const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body })).body;
  const visit = await twin.api<Visit>('POST', `/patients/${patient.patientId}/visits`, {
    token: await twin.tokenFor('frontdesk'),
    body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: p.procedureId }], payments: [{ method: 'wechat', amountFen: p.priceFen }] },
  });
  expect(visit.status).toBe(201);
  return { patient, visit: visit.body, e164: `+86${phone}` };
};

describe('recall rules and care pathways, edited by the owner', () => {
  it('checkout, the recall job and the care job use the chain’s edited rules from then on', async () => {
    const whitening = await procedure('whitening');
    const edited = await patch(whitening, {
      recall: { kind: 'interval', group: 'whitening-check', months: 4 },
      carePathway: [{ offsetDays: 3, action: 'call', topic: 'shade-check' }, { offsetDays: 2, action: 'message', topic: 'post-op-48h' }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe((whitening.version ?? 0) + 1);

    const { patient, visit, e164 } = await checkoutOne(edited.body);
    await twin.bus.idle();
    const timeline = (await twin.api<Timeline>('GET', `/patients/${patient.patientId}/timeline`, { token: owner })).body;
    const due = addMonths(shanghaiToday(), 4);
    expect(timeline.recalls).toEqual([expect.objectContaining({ group: 'whitening-check', dueDate: due })]);
    const tasks = timeline.items.flatMap((i) => (i.task ? [i.task] : []));
    expect(tasks.map((t) => t.topic)).toEqual(['shade-check']);
    expect(Date.parse(tasks[0]?.dueAt ?? '') - Date.parse(visit.visitedAt)).toBe(3 * 86_400_000);

    // the old 6-month cleaning rule would have said nothing this early; the edited 4-month one recalls now
    const { runRecall } = await import('../../functions/jobs/recall.js');
    await runRecall(twin.demo.tenantId, at(addDays(due, -14), 10));
    const recalls = (await smsTo(e164)).filter((m) => m.purpose === 'recall');
    expect(recalls).toHaveLength(1);

    const { handler } = await import('../../functions/jobs/care-messages.js');
    await handler({ ...twin.bus.scheduledEvent('care-messages'), time: at(addDays(shanghaiToday(), 2), 10).toISOString() });
    const care = (await smsTo(e164)).filter((m) => m.purpose === 'care').map((m) => m.text);
    expect(care).toEqual([`【微笑口腔】${careTemplates['post-op-48h'].replace('{name}', patient.name).replace('{clinic}', '静安店')}`]);
  });

  it('a recall rule changed from an old read is a 409 on version and changes nothing', async () => {
    const perio = await procedure('perio-therapy');
    const both = await Promise.all([2, 4].map((months) => patch(perio, { recall: { kind: 'interval', group: 'perio', months } })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = both.find((r) => r.status === 409);
    expect(lost?.body.error.fields?.map((f) => f.path)).toEqual(['version']);
    const winner = both.find((r) => r.status === 200)?.body;
    expect((await procedure('perio-therapy')).recall).toEqual(winner?.recall);
  });

  it.each([
    ['an interval of 0 months', { recall: { kind: 'interval', group: 'cleaning', months: 0 } }, 'recall.months', 'recall.months'],
    ['an interval of 61 months', { recall: { kind: 'interval', group: 'cleaning', months: 61 } }, 'recall.months', 'recall.months'],
    ['half a month', { recall: { kind: 'interval', group: 'cleaning', months: 1.5 } }, 'recall.months', 'recall.months'],
    ['a milestone named twice', { recall: { kind: 'milestones', group: 'implant-maintenance', months: [12, 12] } }, 'recall.months', 'list.repeat'],
    ['a group with spaces', { recall: { kind: 'interval', group: 'Big Group', months: 6 } }, 'recall.group', 'format.invalid'],
    ['a care step before the visit', { carePathway: [{ offsetDays: -1, action: 'call', topic: 'post-op-24h' }] }, 'carePathway.0.offsetDays', 'number.too_small'],
    ['a care step that is neither message nor call', { carePathway: [{ offsetDays: 1, action: 'email', topic: 'post-op-24h' }] }, 'carePathway.0.action', 'enum.invalid'],
  ])('refuses %s with a 400 naming the field, and keeps the rule', async (_label, change, field, code) => {
    const cleaning = await procedure('cleaning');
    const res = await patch(cleaning, change);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: field, code })]));
    const after = await procedure('cleaning');
    expect([after.recall, after.carePathway, after.version]).toEqual([cleaning.recall, cleaning.carePathway, cleaning.version]);
  });
});

describe('who may change the catalog', () => {
  it('a front desk or a dentist cannot change prices or rules (403); a manager sets prices only', async () => {
    const exam = await procedure('exam');
    const pricePath = `/procedures/${exam.procedureId}/prices/${twin.demo.jinganId}`;
    for (const role of ['frontdesk', 'dentist'] as const) {
      const token = await twin.tokenFor(role);
      expect((await twin.api('PUT', pricePath, { token, body: { priceFen: 1, version: exam.version } })).status, role).toBe(403);
      expect((await patch(exam, { priceFen: 1 }, token)).status, role).toBe(403);
      expect((await patch(exam, { recall: null }, token)).status, role).toBe(403);
    }
    const manager = await twin.tokenFor('manager');
    expect((await patch(exam, { recall: null }, manager)).status).toBe(403);
    expect(await procedure('exam')).toEqual(exam);
  });

  it('a clinic price from an old read is a 409 and the price stays', async () => {
    const exam = await procedure('exam');
    const path = `/procedures/${exam.procedureId}/prices/${twin.demo.jinganId}`;
    const first = await twin.api<Procedure>('PUT', path, { token: owner, body: { priceFen: 4_500, version: exam.version } });
    expect(first.status).toBe(200);
    const stale = await twin.api<ApiErrorBody>('PUT', path, { token: await twin.tokenFor('manager'), body: { priceFen: 4_000, version: exam.version } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields?.map((f) => f.path)).toEqual(['version']);
    expect((await procedure('exam')).clinicPrices[twin.demo.jinganId]).toBe(4_500);
  });

  it('another chain’s procedure or clinic is not found (404), and nothing changes', async () => {
    const other = await twin.otherChain();
    const exam = await procedure('exam');
    const token = other.ownerToken;
    expect((await twin.api('PATCH', `/procedures/${exam.procedureId}`, { token, body: { priceFen: 1, version: exam.version } })).status).toBe(404);
    expect((await twin.api('PATCH', `/procedures/${exam.procedureId}`, { token, body: { recall: null, version: exam.version } })).status).toBe(404);
    expect((await twin.api('PUT', `/procedures/${exam.procedureId}/prices/${other.clinicId}`, { token, body: { priceFen: 1, version: exam.version } })).status).toBe(404);
    const theirs = (await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token })).body.items[0];
    expect((await twin.api('PUT', `/procedures/${theirs?.procedureId}/prices/${twin.demo.jinganId}`, { token, body: { priceFen: 1, version: theirs?.version } })).status).toBe(404);
    expect(await procedure('exam')).toEqual(exam);
  });
});
