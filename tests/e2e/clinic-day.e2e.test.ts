/**
 * A front-desk day in a real browser against the local twin: the front desk books a demo patient
 * with the demo dentist 赵医生, checks the patient in on the day view, checks out two procedures
 * paid by WeChat Pay, and finds the visit and the post-op call task on the profile timeline. The
 * amounts on screen are the API's. Needs a built dashboard (dashboard/dist) and a Chromium
 * (support/chromium-choice.ts).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDashboard, shoot, signIn as signInAs, type DashboardSession, demoToken } from './support/dashboard-session.js';

const clinicZone = 'Asia/Shanghai';

type Staff = { userId: string; email: string };
type Procedure = { procedureId: string; code: string; clinicPriceFen: number };
type Appointment = { appointmentId: string; patientId: string; startAt: string; status: string; dentistId: string; chair: string };
type TimelineVisit = { kind: 'visit'; visit: { visitId: string; appointmentId?: string; totalFen: number; payments: Array<{ method: string; amountFen: number }>; lines: unknown[] } };
type TimelineTask = { kind: 'task'; task: { topic: string; status: string; visitId?: string } };
type Timeline = { summary: { visitCount: number; totalSpendFen: number }; items: Array<TimelineVisit | TimelineTask | { kind: 'appointment' | 'installment' }> };

let session: DashboardSession;
let twin: DashboardSession['twin'];
let context: BrowserContext;

/** ¥ from fen, as the dashboard shows it (¥1,234.50). */
const yuan = (fen: number): string => `¥${Math.trunc(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

const clinicDay = (offsetDays: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: clinicZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * 86_400_000));

const api = async <T>(token: string, path: string): Promise<T> => {
  const response = await fetch(`${twin.url}/api${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

const login = (email: string): Promise<string> => demoToken(twin, email);

const signIn = (page: Page, email: string): Promise<void> => signInAs(page, twin, email);

/**
 * The front desk may not list staff (GET /staff answers 403): the picker offers the dentists seen on
 * the schedule, and a staff-ID box for anyone else.
 */
const pickDentist = async (page: Page, userId: string): Promise<void> => {
  const select = page.getByTestId('book-dentist-select');
  const offered = (await select.count()) > 0 && (await select.locator(`option[value="${userId}"]`).count()) > 0;
  if (offered) {
    await select.selectOption(userId);
    return;
  }
  if ((await select.count()) > 0) await select.selectOption('__other__');
  await page.getByTestId('book-dentist-id').fill(userId);
};


describe('dashboard: a clinic day', () => {
  beforeAll(async () => {
    session = await openDashboard({ timezoneId: clinicZone });
    ({ twin, context } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('front desk books, checks in and checks out; the profile timeline shows the visit and the call', async () => {
    // what the browser cannot be asked: the dentist's staff id (the front desk may not list staff)
    const ownerToken = await login('owner@demo.local');
    const frontdeskToken = await login('frontdesk@demo.local');
    const { items: staff } = await api<{ items: Staff[] }>(ownerToken, '/staff');
    const dentist = staff.find((s) => s.email === 'dentist@demo.local');
    if (!dentist) throw new Error('the demo dentist is missing');
    const me = await api<{ clinics: Array<{ clinicId: string }> }>(frontdeskToken, '/me');
    const clinicId = me.clinics[0]?.clinicId ?? '';
    const { items: procedures } = await api<{ items: Procedure[] }>(frontdeskToken, `/procedures?clinicId=${clinicId}`);
    const extraction = procedures.find((p) => p.code === 'extraction');
    const cleaning = procedures.find((p) => p.code === 'cleaning');
    if (!extraction || !cleaning) throw new Error('the default catalog lacks extraction or cleaning');
    const tomorrow = clinicDay(1);

    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, 'frontdesk@demo.local');

    // the day view opens on today; the booking is for tomorrow
    await page.getByTestId('nav-appointments').click();
    await page.locator(`[data-testid="appointments-page"][data-day="${clinicDay(0)}"]`).waitFor();
    await page.getByTestId('day-next').click();
    await page.locator(`[data-testid="appointments-page"][data-day="${tomorrow}"]`).waitFor();
    await page.locator(`[data-testid="schedule"][data-loading="false"]`).waitFor();

    await page.getByTestId('new-appointment').click();
    await page.getByTestId('booking-modal').waitFor();
    await page.getByTestId('book-patient-search').fill('王芳');
    await page.getByTestId('book-patient-option').filter({ hasText: '王芳' }).first().click();
    await page.getByTestId('book-patient-picked').waitFor();
    await pickDentist(page, dentist.userId);
    await page.getByTestId('book-chair').fill('3');
    expect(await page.getByTestId('book-date').inputValue()).toBe(tomorrow);
    await page.getByTestId('book-time').selectOption('10:00');
    await page.getByTestId('book-duration').selectOption('45');
    await shoot(page, 'clinic-day-booking');
    await page.getByTestId('book-submit').click();
    await page.getByTestId('appt-notice').waitFor();

    const { items: booked } = await api<{ items: Appointment[] }>(frontdeskToken, `/appointments?clinicId=${clinicId}&date=${tomorrow}`);
    expect(booked).toHaveLength(1);
    const appointment = booked[0] as Appointment;
    expect(appointment).toMatchObject({ dentistId: dentist.userId, chair: '3', status: 'booked' });
    // 10:00 on the clinic's clock is 02:00 UTC in Shanghai
    expect(appointment.startAt).toBe(`${tomorrow}T02:00:00.000Z`);

    const block = page.locator(`[data-testid="appt-block"][data-appointment-id="${appointment.appointmentId}"]`);
    await block.waitFor();
    expect(await block.getAttribute('data-status')).toBe('booked');
    expect(await block.textContent()).toContain('10:00–10:45');

    // a second booking on the same dentist and time is refused next to the dentist field
    await page.getByTestId('new-appointment').click();
    await page.getByTestId('book-patient-search').fill('张伟');
    await page.getByTestId('book-patient-option').filter({ hasText: '张伟' }).first().click();
    await pickDentist(page, dentist.userId);
    await page.getByTestId('book-chair').fill('1');
    await page.getByTestId('book-time').selectOption('10:15');
    await page.getByTestId('book-submit').click();
    await page.getByTestId('field-error-dentistId').waitFor();
    expect(await page.getByTestId('field-error-dentistId').textContent()).toContain('已有预约');
    await shoot(page, 'clinic-day-booking-clash');
    await page.getByTestId('modal-close').click();
    await page.getByTestId('booking-modal').waitFor({ state: 'detached' });

    // check in on the day view
    await block.click();
    await page.getByTestId('appt-panel').waitFor();
    await page.getByTestId('appt-check-in').click();
    await page.locator(`[data-testid="appt-block"][data-appointment-id="${appointment.appointmentId}"][data-status="checked-in"]`).waitFor();
    await shoot(page, 'clinic-day-checked-in', [1280, 820]);

    // checkout from the appointment
    await page.getByTestId('appt-checkout').click();
    await page.getByTestId('checkout-form').waitFor();
    await page.getByTestId('co-line-procedure').first().selectOption(extraction.procedureId);
    await page.getByTestId('co-line-teeth').first().fill('38');
    await page.getByTestId('co-add-line').click();
    await page.getByTestId('co-line-procedure').nth(1).selectOption(cleaning.procedureId);
    // a third decimal is said next to the field at once, and the button stays off until it is fixed
    await page.getByTestId('co-line-discount').nth(1).fill('10.005');
    await page.getByTestId('add-payment-wechat').click();
    await page.getByTestId('field-error-lines.1.discountFen').waitFor();
    expect(await page.getByTestId('co-submit').isDisabled()).toBe(true);
    await page.getByTestId('co-line-discount').nth(1).fill('10');
    const expectedTotal = extraction.clinicPriceFen + cleaning.clinicPriceFen - 1000;
    await expect.poll(() => page.getByTestId('co-total').getAttribute('data-fen')).toBe(String(expectedTotal));
    // the WeChat payment nobody typed into follows the total
    await expect.poll(() => page.getByTestId('co-balance').getAttribute('data-remaining')).toBe('0');
    expect(await page.getByTestId('co-total').textContent()).toBe(yuan(expectedTotal));
    expect(await page.getByTestId('co-payment-amount').inputValue()).toBe(String(expectedTotal / 100));
    // issue 13: a visit discount above the total, or a negative payment, keeps the button off with the reason beside the field
    await page.getByTestId('co-visit-discount').fill(String(expectedTotal / 100 + 1));
    await page.getByTestId('field-error-discountFen').waitFor();
    expect(await page.getByTestId('co-submit').isDisabled()).toBe(true);
    await page.getByTestId('co-visit-discount').fill('');
    await expect.poll(() => page.getByTestId('field-error-discountFen').count()).toBe(0);
    await page.getByTestId('co-payment-amount').fill('-5');
    await page.getByTestId('field-error-payments.0.amountFen').waitFor();
    expect(await page.getByTestId('field-error-payments.0.amountFen').textContent()).toBe('金额不能为负数');
    expect(await page.getByTestId('co-submit').isDisabled()).toBe(true);
    await page.getByTestId('co-payment-amount').fill(String(expectedTotal / 100));
    await shoot(page, 'clinic-day-checkout', [1280, 820]);
    // a double click records one visit (the idempotency key is the page's)
    await page.getByTestId('co-submit').dblclick();

    await page.getByTestId('checked-out-notice').waitFor();
    await page.getByTestId('timeline').waitFor();
    const timeline = await api<Timeline>(frontdeskToken, `/patients/${appointment.patientId}/timeline`);
    // one visit for the appointment, however often the button was clicked (the demo seed adds an older one)
    const visits = timeline.items.filter((i): i is TimelineVisit => i.kind === 'visit' && i.visit.appointmentId === appointment.appointmentId);
    expect(visits).toHaveLength(1);
    const visit = (visits[0] as TimelineVisit).visit;
    expect(visit.totalFen).toBe(expectedTotal);
    expect(visit.payments).toEqual([{ method: 'wechat', amountFen: expectedTotal }]);

    const visitCard = page.locator(`[data-testid="tl-visit"][data-visit-id="${visit.visitId}"]`);
    await visitCard.waitFor();
    expect(await visitCard.getByTestId('tl-visit-total').textContent()).toBe(yuan(visit.totalFen));
    expect(await visitCard.getByTestId('tl-visit-line').count()).toBe(2);
    expect(await visitCard.getByTestId('tl-visit-payment').textContent()).toContain(`微信支付 ${yuan(expectedTotal)}`);
    expect(await page.getByTestId('tl-total-spend').textContent()).toBe(yuan(timeline.summary.totalSpendFen));
    expect(await page.getByTestId('tl-visit-count').textContent()).toBe(String(timeline.summary.visitCount));

    // the extraction's 24-hour post-op call is on the timeline, in words
    const callTask = timeline.items.find((i): i is TimelineTask => i.kind === 'task' && i.task.topic === 'post-op-24h' && i.task.visitId === visit.visitId);
    expect(callTask?.task.status).toBe('open');
    const taskRow = page.locator(`[data-testid="tl-task"][data-topic="post-op-24h"][data-visit-id="${visit.visitId}"]`);
    await taskRow.waitFor();
    expect(await taskRow.textContent()).toContain('术后24小时回访');
    // and the appointment is completed by the checkout
    expect(await page.locator(`[data-testid="tl-appointment"][data-appointment-id="${appointment.appointmentId}"]`).getAttribute('data-status')).toBe('completed');
    await shoot(page, 'clinic-day-profile', [1280, 820]);

    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('the follow-up list takes a call outcome', async () => {
    const page = await context.newPage();
    await signIn(page, 'dentist@demo.local');
    // the post-op call is the treating dentist's
    await page.getByTestId('nav-tasks').click();
    const row = page.locator('[data-testid="task-row"][data-topic="post-op-24h"]').filter({ hasText: '王芳' });
    await row.waitFor();
    expect(await row.getByTestId('task-topic').textContent()).toBe('术后24小时回访');
    await row.getByTestId('task-record').click();
    await page.getByTestId('attempt-outcome-reached-fine').check({ force: true });
    await page.getByTestId('attempt-notes').fill('无明显疼痛，已嘱咐注意事项');
    await shoot(page, 'clinic-day-tasks');
    await page.getByTestId('attempt-save').click();
    await page.getByTestId('task-notice').waitFor();
    await expect.poll(() => row.getAttribute('data-status')).toBe('done');
    await page.close();
  }, 60_000);
});

