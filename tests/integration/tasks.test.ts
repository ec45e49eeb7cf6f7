import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let frontdesk: string;
let dentist: string;
type Listed = FollowUpTask & { overdue: boolean } & { patientPhone?: string };

beforeAll(async () => {
  twin = await startTestTwin();
  frontdesk = await twin.tokenFor('frontdesk');
  dentist = await twin.tokenFor('dentist');
});
afterAll(async () => twin?.stop());

const patientWithExtraction = async () => {
  const patient = (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: '拔牙患者', phone: '13655556666', clinicId: twin.demo.jinganId } })).body;
  const procedures = (await twin.api<{ items: (Procedure & { clinicPriceFen: number })[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: frontdesk })).body.items;
  const extraction = procedures.find((p) => p.code === 'extraction');
  const visit = await twin.api<Visit>('POST', `/patients/${patient.patientId}/visits`, {
    token: frontdesk,
    body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: extraction?.procedureId }], payments: [{ method: 'cash', amountFen: extraction?.clinicPriceFen }] },
  });
  expect(visit.status).toBe(201);
  return patient;
};
const list = async (token: string, query = '') => (await twin.api<{ items: Listed[] }>('GET', `/tasks?clinicId=${twin.demo.jinganId}${query}`, { token })).body.items;

describe('follow-up tasks', () => {
  it('a checkout’s post-op call is on the clinic list and on the treating dentist’s own list', async () => {
    const patient = await patientWithExtraction();
    const clinic = await list(frontdesk);
    const task = clinic.find((t) => t.patientId === patient.patientId);
    expect(task).toMatchObject({ topic: 'post-op-24h', status: 'open', patientName: '拔牙患者', overdue: false });
    expect((await list(dentist, '&assignee=me')).map((t) => t.taskId)).toContain(task?.taskId);
    expect((await list(frontdesk, '&assignee=me')).map((t) => t.taskId)).not.toContain(task?.taskId);
  });

  it('no answer moves it to tomorrow; the third no-answer escalates to the manager; reached-fine closes it', async () => {
    const patient = await patientWithExtraction();
    const task = (await list(frontdesk)).find((t) => t.patientId === patient.patientId);
    const path = `/patients/${patient.patientId}/tasks/${task?.taskId}/attempts`;
    const first = await twin.api<FollowUpTask>('POST', path, { token: dentist, body: { outcome: 'no-answer' } });
    expect(first.body.status).toBe('open');
    expect(Date.parse(first.body.dueAt)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await twin.api('POST', path, { token: dentist, body: { outcome: 'no-answer' } });
    const third = await twin.api<FollowUpTask>('POST', path, { token: dentist, body: { outcome: 'no-answer', notes: '关机' } });
    expect(third.body).toMatchObject({ status: 'escalated', assignee: { kind: 'role', role: 'manager' } });
    expect(third.body.attempts).toHaveLength(3);
    const manager = await twin.tokenFor('manager');
    expect((await list(manager, '&assignee=me')).map((t) => t.taskId)).toContain(task?.taskId);
    const done = await twin.api<FollowUpTask>('POST', path, { token: manager, body: { outcome: 'reached-fine', notes: '恢复良好' } });
    expect(done.body.status).toBe('done');
    expect((await list(frontdesk)).map((t) => t.taskId)).not.toContain(task?.taskId);
    expect((await twin.api('POST', path, { token: manager, body: { outcome: 'reached-fine' } })).status).toBe(409);
  });

  it('attempts recorded at once are never lost: each accepted one is on the task, the rest are told to reload', async () => {
    const patient = await patientWithExtraction();
    const task = (await list(frontdesk)).find((t) => t.patientId === patient.patientId);
    const path = `/patients/${patient.patientId}/tasks/${task?.taskId}/attempts`;
    const results = await Promise.all([1, 2].map(() => twin.api<FollowUpTask>('POST', path, { token: dentist, body: { outcome: 'no-answer' } })));
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const accepted = results.filter((r) => r.status === 200).length;
    const after = (await list(frontdesk)).find((t) => t.taskId === task?.taskId);
    expect(after?.attempts).toHaveLength(accepted);
  });

  it('a save based on a stale read is refused (the condition behind "reload")', async () => {
    const patient = await patientWithExtraction();
    const listed = (await list(frontdesk)).find((t) => t.patientId === patient.patientId);
    const { getTask, saveTaskAfterAttempt } = await import('../../functions/adapters/dynamo/task-repository.js');
    const before = await getTask(twin.demo.tenantId, patient.patientId, listed?.taskId ?? '');
    if (!before) throw new Error('task missing');
    const attempt = { at: new Date().toISOString(), by: 'u', outcome: 'no-answer' as const, notes: '' };
    expect(await saveTaskAfterAttempt(twin.demo.tenantId, before, { ...before, attempts: [attempt] })).toBe(true);
    expect(await saveTaskAfterAttempt(twin.demo.tenantId, before, { ...before, attempts: [attempt] })).toBe(false);
  });

  it('one task per patient per occasion: a second with the same occasion is a 409', async () => {
    const patient = (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: '手动任务', phone: '13677778888', clinicId: twin.demo.jinganId } })).body;
    const body = { patientId: patient.patientId, topic: 'price-question', dueAt: new Date(Date.now() - 3600_000).toISOString(), assignee: { kind: 'role', role: 'frontdesk' }, occasion: 'reply.sms.123' };
    const first = await twin.api<FollowUpTask>('POST', '/tasks', { token: frontdesk, body });
    expect(first.status).toBe(201);
    const second = await twin.api<ApiErrorBody>('POST', '/tasks', { token: frontdesk, body });
    expect(second.status).toBe(409);
    expect(second.body.error.fields?.[0]?.path).toBe('occasion');
    expect((await list(frontdesk)).find((t) => t.taskId === first.body.taskId)?.overdue).toBe(true);
  });

  it('bad attempts and lists name the field', async () => {
    const bad = await twin.api<ApiErrorBody>('GET', '/tasks', { token: frontdesk });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.[0]?.path).toBe('clinicId');
    const patient = await patientWithExtraction();
    const task = (await list(frontdesk)).find((t) => t.patientId === patient.patientId);
    const res = await twin.api<ApiErrorBody>('POST', `/patients/${patient.patientId}/tasks/${task?.taskId}/attempts`, { token: frontdesk, body: { outcome: 'maybe' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('outcome');
  });

  it('the hourly job hands calls still open a day after they were due to the manager, and only those', async () => {
    const patient = await patientWithExtraction();
    const task = (await list(frontdesk)).find((t) => t.patientId === patient.patientId);
    const fresh = (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: '明天回访', phone: '13699990000', clinicId: twin.demo.jinganId } })).body;
    const later = await twin.api<FollowUpTask>('POST', '/tasks', { token: frontdesk, body: { patientId: fresh.patientId, topic: 'price-question', dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), assignee: { kind: 'role', role: 'frontdesk' } } });
    const { handler } = await import('../../functions/jobs/task-escalation.js');
    const event = { ...twin.bus.scheduledEvent('task-escalation'), time: new Date(Date.now() + 3 * 86_400_000).toISOString() };
    await handler(event);
    await handler(event);
    const manager = await twin.tokenFor('manager');
    const mine = await list(manager, '&assignee=me');
    expect(mine.find((t) => t.taskId === task?.taskId)).toMatchObject({ status: 'escalated', assignee: { kind: 'role', role: 'manager' } });
    expect(mine.map((t) => t.taskId)).not.toContain(later.body.taskId);
  });

  it('the list gives the number to call with each task, so the desk can tap to call (issue 13)', async () => {
    const patient = await patientWithExtraction();
    const task = (await list(frontdesk)).find((t) => t.patientId === patient.patientId);
    expect(patient.phone).toMatch(/^\+86/);
    expect(task?.patientPhone).toBe(patient.phone);
  });
});
