/**
 * Automations and messages in a real browser against the local twin: the owner switches birthdays
 * on and changes the recall days, saves and finds them kept after a reload; a template with a
 * variable that is not allowed is refused next to its field; a save over someone else's save is
 * a conflict. The owner runs the appointment-reminder job now for a patient booked within two
 * hours, and finds the decision on the Messages page and on the patient's profile. Marketing sees
 * the settings read-only and the phone masked; the front desk sees neither page.
 * Needs a built dashboard (dashboard/dist) and a Chromium (support/chromium-choice.ts).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookSoonestFreeSlot, openDashboard, shoot, signIn as signInAs, type DashboardSession, demoToken } from './support/dashboard-session.js';

type Staff = { userId: string; email: string };
type Patient = { patientId: string; name: string };
type LedgerEntry = { patientId: string; purpose: string; status: string; decisions: Array<{ kind: string; reason?: string }> };
type StoredSettings = { version: number; settings: { birthday: { enabled: boolean }; recall: { daysBefore: number[]; template: string } } };

let session: DashboardSession;
let twin: DashboardSession['twin'];
let context: BrowserContext;

const request = async <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${twin.url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

const login = (email: string): Promise<string> => demoToken(twin, email);

const signIn = (page: Page, email: string): Promise<void> => signInAs(page, twin, email);

const openAutomations = async (page: Page): Promise<void> => {
  await page.getByTestId('nav-automations').click();
  await page.locator('[data-testid="automations-page"][data-loading="false"] [data-testid="auto-form"]').waitFor();
};

/** The next quarter hour at least 30 minutes ahead: inside the two-hour reminder. */
let patient: Patient;

describe('dashboard: automations and messages', () => {
  beforeAll(async () => {
    session = await openDashboard();
    ({ twin, context } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('owner switches birthdays on and changes the recall days; they are kept; bad input is refused at its field', async () => {
    const ownerToken = await login('owner@demo.local');
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, 'owner@demo.local');
    await openAutomations(page);

    const birthday = page.getByTestId('auto-birthday-enabled');
    expect(await birthday.isChecked()).toBe(false);
    await birthday.check({ force: true });
    expect(await page.getByTestId('auto-birthday').getAttribute('data-enabled')).toBe('true');
    await page.getByTestId('auto-recall-daysBefore').fill('7, 21');
    await page.getByTestId('auto-dirty').waitFor();
    await page.getByTestId('auto-save').click();
    await page.getByTestId('auto-saved').waitFor();
    // the API keeps the days largest first, and the field shows them as saved
    expect(await page.getByTestId('auto-recall-daysBefore').inputValue()).toBe('21, 7');
    await shoot(page, 'automations', [1280, 900]);

    const stored = await request<StoredSettings>(ownerToken, 'GET', '/automations');
    expect(stored.version).toBe(1);
    expect(stored.settings.birthday.enabled).toBe(true);
    expect(stored.settings.recall.daysBefore).toEqual([21, 7]);

    await page.reload();
    await page.locator('[data-testid="automations-page"][data-version="1"] [data-testid="auto-form"]').waitFor();
    expect(await page.getByTestId('auto-birthday-enabled').isChecked()).toBe(true);
    expect(await page.getByTestId('auto-recall-daysBefore').inputValue()).toBe('21, 7');
    expect(await page.getByTestId('auto-updated').textContent()).toContain('最近保存');

    // a treatment word is not a variable a template may use: refused next to the recall template
    await page.getByTestId('auto-recall-template').fill('{name}您好，您的{diagnosis}复查快到了');
    await page.getByTestId('auto-save').click();
    const templateError = page.getByTestId('field-error-settings.recall.template');
    await templateError.waitFor();
    expect(await templateError.textContent()).toContain('只能使用变量');
    expect(await templateError.textContent()).toContain('{name}');
    await page.getByTestId('auto-errors').waitFor();
    // a day out of range is refused at the days field, in Chinese
    await page.getByTestId('auto-recall-template').fill('{name}您好，您的定期复查快到了');
    await page.getByTestId('auto-recall-daysBefore').fill('90');
    await page.getByTestId('auto-save').click();
    await page.getByTestId('field-error-settings.recall.daysBefore').waitFor();
    expect(await page.getByTestId('field-error-settings.recall.daysBefore').textContent()).toContain('不能大于 60');
    await shoot(page, 'automations-field-error');
    expect((await request<StoredSettings>(ownerToken, 'GET', '/automations')).version).toBe(1);

    // someone else saves meanwhile: this save is a conflict, and reloading shows their settings
    await request(ownerToken, 'PUT', '/automations', { version: 1, settings: { ...stored.settings, recall: { ...stored.settings.recall, daysBefore: [10] } } });
    await page.getByTestId('auto-recall-daysBefore').fill('14');
    await page.getByTestId('auto-save').click();
    await page.getByTestId('auto-conflict').waitFor();
    expect(await page.getByTestId('auto-conflict').textContent()).toContain('其他人');
    await page.getByTestId('auto-reload').click();
    await page.locator('[data-testid="automations-page"][data-version="2"]').waitFor();
    await page.getByTestId('auto-conflict').waitFor({ state: 'detached' });
    expect(await page.getByTestId('auto-recall-daysBefore').inputValue()).toBe('10');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('owner runs the appointment reminders now; Messages and the patient profile show the decision', async () => {
    const ownerToken = await login('owner@demo.local');
    const marketingToken = await login('marketing@demo.local');
    // a clinic marketing works in, so the next test finds the same entry
    const me = await request<{ clinics: Array<{ clinicId: string }> }>(marketingToken, 'GET', '/me');
    const clinicId = me.clinics[0]?.clinicId ?? '';
    const { items: dentists } = await request<{ items: Staff[] }>(ownerToken, 'GET', `/clinics/${clinicId}/dentists`);
    if (!clinicId || dentists.length === 0) throw new Error('the demo chain lacks a clinic or a dentist');
    patient = await request<Patient>(ownerToken, 'POST', '/patients', {
      name: '提醒测试', phone: '13512347788', clinicId, consents: { care: { granted: true, source: 'paper-form' } },
    });
    // within the next two hours, when the reminder is due: the first dentist with a free quarter hour
    // (the demo's own appointments fill the demo dentist's mornings)
    const bookWithAnyDentist = async (index: number): Promise<unknown> =>
      bookSoonestFreeSlot((startAt) => request(ownerToken, 'POST', '/appointments', { patientId: patient.patientId, clinicId, dentistId: dentists[index]?.userId, chair: `E2E${index}`, startAt }), { sameDay: false })
        .catch((error: unknown) => (index + 1 < dentists.length ? bookWithAnyDentist(index + 1) : Promise.reject(error)));
    await bookWithAnyDentist(0);

    const page = await context.newPage();
    await signIn(page, 'owner@demo.local');
    await openAutomations(page);
    // every job of shared/schedules.ts is on the page (issue 13), the import runner without a button
    const { jobs } = await import('../../shared/schedules.js');
    const shown = async () => new Set(await page.locator('[data-testid^="job-"][data-running]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))));
    await expect.poll(async () => [...(await shown())].sort()).toEqual(jobs.map((j) => `job-${j.name}`).sort());
    await page.getByTestId('job-import-runner-by-itself').waitFor();
    const job = page.getByTestId('job-appointment-reminders');
    const before = (await job.getAttribute('data-last-run')) ?? '';
    await page.getByTestId('job-appointment-reminders-run').click();
    await expect.poll(() => job.getAttribute('data-last-run'), { timeout: 30_000 }).not.toBe(before);
    await expect.poll(() => job.getAttribute('data-running')).toBe('false');
    const summary = (await page.getByTestId('job-appointment-reminders-summary').textContent()) ?? '';
    expect(summary).toMatch(/预约 \d+/);
    await shoot(page, 'automations-run-now');

    // what the API recorded: sent inside the care window (08–21 clinic time), deferred outside it
    const { items } = await request<{ items: LedgerEntry[] }>(ownerToken, 'GET', '/messages?purpose=appointment-reminder');
    // late in the evening the evening-before reminder is due too: one entry per reminder
    const entries = items.filter((e) => e.patientId === patient.patientId);
    const entry = entries[0];
    if (!entry) throw new Error('the reminder left no ledger entry');
    expect(['sent', 'deferred']).toContain(entry.status);

    await page.getByTestId('nav-messages').click();
    await page.locator('[data-testid="messages-page"][data-view="appointment-reminder"]').waitFor();
    const rows = page.locator(`[data-testid="ledger-row"][data-patient-id="${patient.patientId}"]`);
    const row = rows.first();
    await row.waitFor();
    expect(await rows.count()).toBe(entries.length);
    expect(await rows.getByTestId('ledger-occasion').allTextContents()).toContain('就诊前提醒');
    expect(await row.getAttribute('data-status')).toBe(entry.status);
    const status = (await row.getByTestId('ledger-status').textContent()) ?? '';
    expect(status).toBe(entry.status === 'sent' ? '已发送' : '已推迟');
    if (entry.status === 'deferred') {
      expect(await row.getByTestId('ledger-reason').textContent()).toContain('不在发送时段');
      await row.getByTestId('ledger-retry').waitFor();
    }
    await shoot(page, 'messages-ledger', [1280, 900]);

    // another automation's tab lists its own entries (none for this patient)
    await page.getByTestId('messages-tab-recall').click();
    await page.locator('[data-testid="ledger-view"][data-purpose="recall"][data-loading="false"]').waitFor();
    expect(await page.locator(`[data-testid="ledger-row"][data-patient-id="${patient.patientId}"]`).count()).toBe(0);

    // the SMS handed to SNS (kept here locally)
    await page.getByTestId('messages-tab-sent').click();
    await page.getByTestId('outbox-page').waitFor();
    if (entry.status === 'sent') {
      const sms = page.getByTestId('outbox-row').filter({ hasText: '提醒测试' });
      await sms.first().waitFor();
      expect(await sms.first().textContent()).toContain('+8613512347788');
    }

    // the profile's messages section, reached from the ledger's link
    await page.getByTestId('messages-tab-appointment-reminder').click();
    await row.getByTestId('ledger-patient').click();
    await page.locator('[data-testid="patient-messages"][data-loaded="true"]').waitFor();
    const profileRow = page.locator('[data-testid="patient-messages-table"] [data-testid="ledger-row"]');
    expect(await profileRow.count()).toBe(entries.length);
    expect(await profileRow.first().getAttribute('data-purpose')).toBe('appointment-reminder');
    expect(await profileRow.first().textContent()).toContain('预约提醒');
    await shoot(page, 'patient-messages');
    await page.close();
  });

  it('marketing sees the settings read-only and the messages with masked phones', async () => {
    const page = await context.newPage();
    await signIn(page, 'marketing@demo.local');
    await openAutomations(page);
    await page.getByTestId('auto-read-only').waitFor();
    expect(await page.getByTestId('auto-save').count()).toBe(0);
    expect(await page.getByTestId('auto-recall-daysBefore').isDisabled()).toBe(true);
    expect(await page.getByTestId('auto-recall-daysBefore').inputValue()).toBe('10');
    expect(await page.getByTestId('auto-birthday-enabled').isDisabled()).toBe(true);
    expect(await page.getByTestId('auto-birthday-enabled').isChecked()).toBe(true);
    expect(await page.getByTestId('holiday-add').isDisabled()).toBe(true);
    // running jobs is the owner's
    expect(await page.locator('[data-testid$="-run"]').count()).toBe(0);
    await shoot(page, 'automations-marketing');

    await page.getByTestId('nav-messages').click();
    await page.locator(`[data-testid="ledger-row"][data-patient-id="${patient.patientId}"]`).first().waitFor();
    await page.getByTestId('messages-tab-sent').click();
    await page.getByTestId('outbox-page').waitFor();
    await page.locator('[data-testid="outbox-row"], [data-testid="outbox-empty"]').first().waitFor();
    const text = (await page.getByTestId('outbox-page').textContent()) ?? '';
    expect(text).not.toContain('13512347788');
    await page.close();
  });

  it('the front desk has neither page', async () => {
    const page = await context.newPage();
    await signIn(page, 'frontdesk@demo.local');
    expect(await page.getByTestId('nav-automations').count()).toBe(0);
    expect(await page.getByTestId('nav-messages').count()).toBe(0);
    await page.goto(`${twin.url}/#/automations`);
    await page.getByTestId('no-permission').waitFor();
    await page.close();
  });
});
