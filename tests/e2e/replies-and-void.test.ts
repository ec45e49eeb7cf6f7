/**
 * SMS replies and 红冲 in a real browser against the local twin. A patient with care consent is
 * booked for tomorrow through the API; the owner simulates the patient's "1" from the Sent SMS tab
 * (local mode) and the day view shows 已确认; free text becomes a task whose words the front desk
 * reads on the tasks page; a reply from an unknown number is listed as unmatched. The owner sees
 * and validates the chain's reply number. The owner voids a visit with a reason: the timeline
 * strikes it through with the reason and who did it, GET /kpi/overview counts one visit fewer
 * that day, and voiding a visit someone else voided meanwhile answers 409 next to the form.
 * Needs a built dashboard (dashboard/dist) and a Chromium (support/chromium-choice.ts).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDashboard, shoot, signIn as signInAs, type DashboardSession, demoToken } from './support/dashboard-session.js';

const clinicZone = 'Asia/Shanghai';

type Staff = { userId: string; email: string; displayName: string };
type Patient = { patientId: string; name: string; phone: string; clinicId: string };
type Procedure = { procedureId: string; code: string; clinicPriceFen: number };
type Appointment = { appointmentId: string; confirmedAt?: string };
type Visit = { visitId: string; voidedAt?: string; voidedBy?: string; voidReason?: string };
type Task = { taskId: string; topic: string; kind: string; replyText?: string; patientId: string };
type KpiOverview = { current: { visits: number } };

let session: DashboardSession;
let twin: DashboardSession['twin'];
let context: BrowserContext;

const clinicDay = (offsetDays: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: clinicZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * 86_400_000));

const call = async (token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
  const response = await fetch(`${twin.url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
};

const request = async <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => {
  const { status, json } = await call(token, method, path, body);
  if (status >= 300) throw new Error(`${method} ${path}: HTTP ${status} ${JSON.stringify(json)}`);
  return json as T;
};

const login = (email: string): Promise<string> => demoToken(twin, email);

const signIn = (page: Page, email: string): Promise<void> => signInAs(page, twin, email);

/** Opens the Sent SMS tab and the reply simulator for `phone`: from that number's SMS when there is one. */
const openSimulator = async (page: Page, phone: string): Promise<'row' | 'toolbar'> => {
  await page.goto(`${twin.url}/#/messages?view=sent`);
  await page.getByTestId('outbox-page').waitFor();
  await page.getByTestId('outbox-simulate-any').waitFor();
  const own = page.locator(`[data-testid="outbox-row"][data-kind="sms"][data-to="${phone}"] [data-testid="outbox-simulate"]`);
  if ((await own.count()) > 0) {
    await own.first().click();
    await page.getByTestId('sim-dialog').waitFor();
    expect(await page.getByTestId('sim-from').inputValue()).toBe(phone);
    return 'row';
  }
  // no reminder went out (quiet hours, timing): the per-SMS button still prefills its own number
  const anySms = page.locator('[data-testid="outbox-row"][data-kind="sms"]');
  if ((await anySms.count()) > 0) {
    const to = await anySms.first().getAttribute('data-to');
    await anySms.first().getByTestId('outbox-simulate').click();
    await page.getByTestId('sim-dialog').waitFor();
    expect(await page.getByTestId('sim-from').inputValue()).toBe(to);
  } else {
    await page.getByTestId('outbox-simulate-any').click();
    await page.getByTestId('sim-dialog').waitFor();
  }
  await page.getByTestId('sim-from').fill(phone);
  return 'toolbar';
};

const sendReply = async (page: Page, body: string): Promise<{ outcome: string; taskId: string; appointmentId: string }> => {
  await page.getByTestId('sim-body').fill(body);
  await page.getByTestId('sim-send').click();
  const result = page.getByTestId('sim-result');
  await result.waitFor();
  return {
    outcome: (await result.getAttribute('data-outcome')) ?? '',
    taskId: (await result.getAttribute('data-task-id')) ?? '',
    appointmentId: (await result.getAttribute('data-appointment-id')) ?? '',
  };
};

describe('dashboard: SMS replies and voiding a visit', () => {
  let ownerToken: string;
  let frontdeskToken: string;
  let clinicId: string;
  let dentist: Staff;
  let patient: Patient;
  let appointment: Appointment;
  let cleaning: Procedure;

  beforeAll(async () => {
    session = await openDashboard({ timezoneId: clinicZone });
    ({ twin, context } = session);
    ownerToken = await login('owner@demo.local');
    frontdeskToken = await login('frontdesk@demo.local');
    const { items: staff } = await request<{ items: Staff[] }>(ownerToken, 'GET', '/staff');
    const found = staff.find((s) => s.email === 'dentist@demo.local');
    if (!found) throw new Error('the demo dentist is missing');
    dentist = found;
    const me = await request<{ clinics: Array<{ clinicId: string }> }>(frontdeskToken, 'GET', '/me');
    clinicId = me.clinics[0]?.clinicId ?? '';
    const { items: procedures } = await request<{ items: Procedure[] }>(frontdeskToken, 'GET', `/procedures?clinicId=${clinicId}`);
    const found2 = procedures.find((p) => p.code === 'cleaning');
    if (!found2) throw new Error('the default catalog lacks cleaning');
    cleaning = found2;
    // a patient of their own: no demo appointment today can take the "1" first
    patient = await request<Patient>(frontdeskToken, 'POST', '/patients', {
      name: '回复测试', phone: '+8613512345678', clinicId, consents: { care: { granted: true, source: 'paper-form' } },
    });
    const tomorrow = clinicDay(1);
    appointment = await request<Appointment>(frontdeskToken, 'POST', '/appointments', {
      patientId: patient.patientId, clinicId, dentistId: dentist.userId, chair: '5',
      // 10:00 on the clinic's clock: inside the next 48 hours whatever time the test runs
      startAt: `${tomorrow}T02:00:00.000Z`, durationMinutes: 30, procedureIds: [cleaning.procedureId],
    });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the owner sees the chain’s reply number and a bad one is refused next to the field', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, 'owner@demo.local');
    await page.getByTestId('nav-automations').click();
    const card = page.getByTestId('chain-reply-number');
    await page.locator('[data-testid="chain-reply-number"][data-reply-number="+8610690000001"]').waitFor();
    expect(await page.getByTestId('chain-reply-input').inputValue()).toBe('+8610690000001');
    await page.getByTestId('chain-reply-input').fill('abc');
    await page.getByTestId('chain-reply-save').click();
    await expect.poll(() => card.getByTestId('field-error-replyNumber').textContent()).toContain('回复号码');
    await page.getByTestId('chain-reply-input').fill('+86 1069 0000 001');
    await page.getByTestId('chain-reply-save').click();
    await page.getByTestId('chain-reply-saved').waitFor();
    expect(await page.getByTestId('chain-reply-input').inputValue()).toBe('+8610690000001');
    await shoot(page, 'replies-chain-number');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('"1" from the patient’s phone confirms the appointment: the day view shows 已确认', async () => {
    // a reminder in the outbox when the timing allows it; the simulator works either way
    await request(ownerToken, 'POST', '/jobs/appointment-reminders/run');
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, 'owner@demo.local');
    await openSimulator(page, patient.phone);
    await shoot(page, 'replies-simulate-form');
    const result = await sendReply(page, '1');
    expect(result).toMatchObject({ outcome: 'confirmed', appointmentId: appointment.appointmentId });
    await expect.poll(() => page.getByTestId('sim-outcome').textContent()).toContain('已确认');
    await shoot(page, 'replies-simulate-confirmed');
    await page.getByTestId('sim-close').click();

    const { items } = await request<{ items: Appointment[] }>(frontdeskToken, 'GET', `/appointments?clinicId=${clinicId}&date=${clinicDay(1)}`);
    expect(items.find((a) => a.appointmentId === appointment.appointmentId)?.confirmedAt).toBeTruthy();

    // the front desk's day view
    const desk = await context.newPage();
    desk.on('pageerror', (error) => problems.push(String(error)));
    await signIn(desk, 'frontdesk@demo.local');
    await desk.goto(`${twin.url}/#/appointments?date=${clinicDay(1)}`);
    await desk.locator('[data-testid="schedule"][data-loading="false"]').waitFor();
    const block = desk.locator(`[data-testid="appt-block"][data-appointment-id="${appointment.appointmentId}"]`);
    await expect.poll(() => block.getAttribute('data-confirmed')).toBe('true');
    expect(await block.getByTestId('appt-confirmed').textContent()).toContain('已确认');
    await block.click();
    await desk.getByTestId('appt-panel').getByTestId('appt-confirmed').waitFor();
    await shoot(desk, 'replies-day-confirmed');
    expect(problems).toEqual([]);
    await page.close();
    await desk.close();
  });

  it('free text becomes a front-desk task with the patient’s words; an unknown number is listed as unmatched', async () => {
    const words = '明天下午可以改到四点吗？';
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, 'owner@demo.local');
    await openSimulator(page, patient.phone);
    const reply = await sendReply(page, words);
    expect(reply.outcome).toBe('front-desk-task');
    expect(reply.taskId).not.toBe('');
    await page.getByTestId('sim-again').click();
    await page.getByTestId('sim-from').fill('+8613100009999');
    const stranger = await sendReply(page, '请问周六营业吗');
    expect(stranger.outcome).toBe('unmatched');
    await page.getByTestId('sim-close').click();

    const { items: tasks } = await request<{ items: Task[] }>(frontdeskToken, 'GET', `/tasks?clinicId=${clinicId}&assignee=all`);
    expect(tasks.find((t) => t.taskId === reply.taskId)).toMatchObject({ topic: 'sms-reply', kind: 'reply', replyText: words, patientId: patient.patientId });

    const desk = await context.newPage();
    desk.on('pageerror', (error) => problems.push(String(error)));
    await signIn(desk, 'frontdesk@demo.local');
    await desk.goto(`${twin.url}/#/tasks?assignee=all`);
    const row = desk.locator(`[data-testid="task-row"][data-task-id="${reply.taskId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('task-topic').textContent()).toBe('短信回复');
    expect(await row.getByTestId('task-reply-text').textContent()).toContain(words);
    const unmatched = desk.getByTestId('unmatched-row').filter({ hasText: '请问周六营业吗' });
    await unmatched.waitFor();
    expect(await unmatched.getByTestId('unmatched-from').textContent()).toBe('+8613100009999');
    await shoot(desk, 'replies-tasks');

    // "2" asks to move the appointment: labelled as such, with a way to the patient's appointments
    await openSimulator(page, patient.phone);
    const move = await sendReply(page, '2');
    expect(move).toMatchObject({ outcome: 'reschedule-task', appointmentId: appointment.appointmentId });
    await page.getByTestId('sim-close').click();
    await desk.getByTestId('tasks-refresh').click();
    const moveRow = desk.locator(`[data-testid="task-row"][data-task-id="${move.taskId}"]`);
    await moveRow.getByTestId('task-reschedule').waitFor();
    expect(await moveRow.getByTestId('task-appointment-link').getAttribute('href')).toBe(`#/patients/${patient.patientId}`);
    expect(problems).toEqual([]);
    await page.close();
    await desk.close();
  });

  it('marketing gets no reply simulator', async () => {
    const page = await context.newPage();
    await signIn(page, 'marketing@demo.local');
    await page.goto(`${twin.url}/#/messages?view=sent`);
    await page.getByTestId('outbox-page').waitFor();
    await page.locator('[data-testid="outbox-page"] .toolbar').waitFor();
    expect(await page.getByTestId('outbox-simulate-any').count()).toBe(0);
    expect(await page.getByTestId('outbox-simulate').count()).toBe(0);
    await page.close();
  });

  it('the owner voids a visit with a reason: struck through on the timeline, one visit fewer in the KPI', async () => {
    const today = clinicDay(0);
    const checkout = (): Promise<Visit> =>
      request<Visit>(frontdeskToken, 'POST', `/patients/${patient.patientId}/visits`, {
        clinicId, dentistId: dentist.userId, lines: [{ procedureId: cleaning.procedureId }], payments: [{ method: 'cash', amountFen: cleaning.clinicPriceFen }],
      });
    const first = await checkout();
    const second = await checkout();
    const kpi = (): Promise<number> => request<KpiOverview>(ownerToken, 'GET', `/kpi/overview?from=${today}&to=${today}&clinicId=${clinicId}`).then((o) => o.current.visits);
    const before = await kpi();

    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, 'owner@demo.local');
    await page.goto(`${twin.url}/#/patients/${patient.patientId}`);
    const visit = page.locator(`[data-testid="tl-visit"][data-visit-id="${first.visitId}"]`);
    await visit.waitFor();
    await visit.getByTestId('tl-visit-void').click();
    const dialog = page.getByTestId('void-dialog');
    await dialog.waitFor();
    // the reason is required: 2–200 characters
    await page.getByTestId('void-confirm').click();
    await expect.poll(() => dialog.getByTestId('field-error-reason').textContent()).toContain('至少 2 个字');
    await page.getByTestId('void-reason').fill('录');
    await page.getByTestId('void-confirm').click();
    await dialog.getByTestId('field-error-reason').waitFor();
    await page.getByTestId('void-reason').fill('重复录入');
    await shoot(page, 'replies-void-dialog');
    await page.getByTestId('void-confirm').click();
    await page.getByTestId('void-notice').waitFor();
    await page.locator(`[data-testid="tl-visit"][data-visit-id="${first.visitId}"][data-voided="true"]`).waitFor();
    const note = visit.getByTestId('tl-visit-void-note');
    expect(await note.textContent()).toContain('已作废：重复录入');
    expect(await note.textContent()).toContain('王院长');
    expect(await visit.locator('.when').evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    expect(await visit.getByTestId('tl-visit-void').count()).toBe(0);
    await shoot(page, 'replies-void-timeline');

    const after = await kpi();
    expect(after).toBe(before - 1);
    const { items: visits } = await request<{ items: Visit[] }>(ownerToken, 'GET', `/patients/${patient.patientId}/visits`);
    expect(visits.find((v) => v.visitId === first.visitId)).toMatchObject({ voidReason: '重复录入' });

    // someone voids the other visit while the dialog is open: 409, shown above the field
    const other = page.locator(`[data-testid="tl-visit"][data-visit-id="${second.visitId}"]`);
    await other.getByTestId('tl-visit-void').click();
    await dialog.waitFor();
    const meanwhile = await call(ownerToken, 'POST', `/patients/${patient.patientId}/visits/${second.visitId}/void`, { reason: '另一台电脑' });
    expect(meanwhile.status).toBe(200);
    await page.getByTestId('void-reason').fill('同一笔');
    await page.getByTestId('void-confirm').click();
    await expect.poll(() => page.getByTestId('void-banner').textContent()).toContain('已被作废');
    expect((await call(ownerToken, 'POST', `/patients/${patient.patientId}/visits/${second.visitId}/void`, { reason: '再来一次' })).status).toBe(409);
    await page.getByTestId('void-keep').click();
    // the timeline behind the dialog was read again: the other void shows, with its reason
    const otherVoided = page.locator(`[data-testid="tl-visit"][data-visit-id="${second.visitId}"][data-voided="true"]`);
    await otherVoided.waitFor();
    expect(await otherVoided.getByTestId('tl-visit-void-note').textContent()).toContain('已作废：另一台电脑');
    expect(problems).toEqual([]);

    // the front desk reads the mark but is not offered the action
    const desk = await context.newPage();
    await signIn(desk, 'frontdesk@demo.local');
    await desk.goto(`${twin.url}/#/patients/${patient.patientId}`);
    await desk.locator(`[data-testid="tl-visit"][data-visit-id="${first.visitId}"][data-voided="true"]`).waitFor();
    expect(await desk.getByTestId('tl-visit-void').count()).toBe(0);
    await page.close();
    await desk.close();
  });
});
