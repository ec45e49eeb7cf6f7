/**
 * The dashboard in a real browser against the local twin: an owner creates a patient and finds
 * them by phone prefix; marketing sees the same patient with a masked phone and no write buttons.
 * Needs a built dashboard (dashboard/dist) and a Chromium (support/chromium-choice.ts).
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDashboard, screenshots, signIn as signInAs, type DashboardSession, keepScreenshot } from './support/dashboard-session.js';


// one run's patient: random digits so reruns against a persistent twin do not collide
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
const middle = digits(4);
const last = digits(4);
const patientName = `测试患者${digits(4)}`;
const typedPhone = `138 ${middle} ${last}`;
const e164 = `+86138${middle}${last}`;
const masked = `138****${last}`;

let session: DashboardSession;
let twin: DashboardSession['twin'];
let context: BrowserContext;

const signIn = (page: Page, email: string): Promise<void> => signInAs(page, twin, email);

/** Types into the search box and waits until the list shows the answer to exactly that query. */
const search = async (page: Page, text: string): Promise<void> => {
  await page.getByTestId('patient-search').fill(text);
  await page.locator(`[data-testid="patient-results"][data-query="${text}"][data-loading="false"]`).waitFor();
};

/** The first clinic marketing works in, so the owner creates the patient where marketing can see it. */
const marketingClinicId = async (): Promise<string> => {
  const login = await fetch(`${twin.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'marketing@demo.local', password: 'demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  const me = (await (await fetch(`${twin.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
    clinics: Array<{ clinicId: string }>;
  };
  const clinicId = me.clinics[0]?.clinicId;
  if (!clinicId) throw new Error('the demo marketing user has no clinic');
  return clinicId;
};

describe('dashboard: patients', () => {
  beforeAll(async () => {
    session = await openDashboard();
    ({ twin, context } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('owner creates a patient and finds them by phone prefix', async () => {
    const clinicId = await marketingClinicId();
    const page = await context.newPage();
    await page.goto(`${twin.url}/`);
    await page.getByTestId('login-page').waitFor();
    await expect.poll(() => page.getByTestId('status-mode').getAttribute('data-mode')).toBe('local');
    await page.getByTestId('demo-logins').waitFor();
    await keepScreenshot(page, join(screenshots, 'login.png'));

    await signIn(page, 'owner@demo.local');
    expect(await page.getByTestId('user-role').getAttribute('data-role')).toBe('owner');
    if ((await page.getByTestId('clinic-switcher').count()) > 0) await page.getByTestId('clinic-switcher').selectOption(clinicId);
    await page.getByTestId('patients-page').waitFor();
    await keepScreenshot(page, join(screenshots, 'patients.png'));

    await page.getByTestId('new-patient').click();
    await page.getByTestId('pf-name').fill(patientName);
    // the shared schema rejects a bad phone before anything is sent
    await page.getByTestId('pf-phone').fill('12345');
    await page.getByTestId('pf-submit').click();
    await page.getByTestId('field-error-phone').waitFor();

    await page.getByTestId('pf-phone').fill(typedPhone);
    await page.getByTestId('pf-gender').selectOption('female');
    await page.getByTestId('pf-birthDate').fill('1986-04-12');
    await page.getByTestId('pf-channel').selectOption('dianping');
    await page.locator('#pf-tags').fill('洁牙，会员');
    await page.locator('#pf-tags').press('Enter');
    await page.getByTestId('pf-notes').fill('青霉素过敏');
    await page.getByTestId('consent-care-granted').check({ force: true });
    await page.getByTestId('consent-marketing-refused').check({ force: true });
    await page.getByTestId('consent-marketing-source').selectOption('verbal');
    await keepScreenshot(page, join(screenshots, 'patient-form.png'));
    await page.getByTestId('pf-submit').click();

    await page.getByTestId('patient-details').waitFor();
    expect(await page.getByTestId('pv-name').textContent()).toBe(patientName);
    expect(await page.getByTestId('pv-phone').textContent()).toBe(e164);
    expect(await page.getByTestId('tag-chip').count()).toBe(0);
    expect(await page.getByTestId('pv-tags').textContent()).toContain('会员');
    expect(await page.getByTestId('consent-state-marketing').textContent()).toContain('已拒绝');
    await keepScreenshot(page, join(screenshots, 'patient-view.png'));

    await page.getByTestId('back-to-patients').click();
    await search(page, `138 ${middle}`);
    const row = page.getByTestId('patient-row').filter({ hasText: patientName });
    await row.waitFor();
    expect(await row.getByTestId('patient-phone').textContent()).toBe(e164);
    for (const phone of await page.getByTestId('patient-phone').allTextContents()) expect(phone.startsWith(`+86138${middle}`)).toBe(true);
    await keepScreenshot(page, join(screenshots, 'patients-search.png'));
    await page.close();
  }, 30_000);

  it('marketing sees a masked phone and cannot create or edit', async () => {
    // a new tab has its own sessionStorage, so it starts signed out
    const page = await context.newPage();
    await signIn(page, 'marketing@demo.local');
    await page.getByTestId('patients-page').waitFor();
    expect(await page.getByTestId('new-patient').count()).toBe(0);

    await search(page, patientName);
    expect(await page.getByTestId('patient-row').count()).toBe(1);
    const row = page.getByTestId('patient-row').filter({ hasText: patientName });
    await row.waitFor();
    expect(await row.getByTestId('patient-phone').textContent()).toBe(masked);
    await keepScreenshot(page, join(screenshots, 'marketing-patients.png'));

    await row.getByTestId('patient-link').click();
    await page.getByTestId('patient-details').waitFor();
    expect(await page.getByTestId('pv-phone').textContent()).toBe(masked);
    expect(await page.getByTestId('pv-notes').textContent()).not.toContain('青霉素');
    expect(await page.getByTestId('edit-patient').count()).toBe(0);
    await page.close();
  }, 30_000);
});
