/**
 * Visit packs (次卡) in a real browser against the local twin: the owner adds a pack product beside
 * the plans, the front desk sells it on the patient's member card (the contract acknowledged),
 * checks out a cleaning on the checkout page (the server's preview marks the line paid by the
 * pack, total 0), and the card shows one use fewer. axe finds no violations on the pack dialog,
 * the member card and the products editor at 390 px. Needs a built dashboard and a Chromium.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken, openDashboard, signIn as signInAs, keepScreenshot, type DashboardSession } from './support/dashboard-session.js';
import { axeViolations } from './support/axe.js';

type Procedure = { procedureId: string; code: string; clinicPriceFen: number };
type Staff = { userId: string; email: string };

let session: DashboardSession;
let twin: DashboardSession['twin'];
let context: BrowserContext;


const request = async <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${twin.url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await response.json();
  if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
  return json as T;
};


const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

describe('dashboard: visit packs', () => {
  let frontdeskToken: string;
  let clinicId: string;
  let patientId: string;
  let cleaning: Procedure;
  let dentistId: string;
  const productName = `洁牙测试卡${digits(3)}`;

  beforeAll(async () => {
    session = await openDashboard();
    ({ twin, context } = session);
    frontdeskToken = await demoToken(twin, 'frontdesk@demo.local');
    const ownerToken = await demoToken(twin, 'owner@demo.local');
    const me = await request<{ clinics: { clinicId: string }[] }>(frontdeskToken, 'GET', '/me');
    clinicId = me.clinics[0]?.clinicId ?? '';
    const { items: procedures } = await request<{ items: Procedure[] }>(frontdeskToken, 'GET', `/procedures?clinicId=${clinicId}`);
    const found = procedures.find((p) => p.code === 'cleaning');
    if (!found) throw new Error('the default catalog lacks cleaning');
    cleaning = found;
    const { items: staff } = await request<{ items: Staff[] }>(ownerToken, 'GET', '/staff');
    dentistId = staff.find((s) => s.email === 'dentist@demo.local')?.userId ?? '';
    patientId = (await request<{ patientId: string }>(frontdeskToken, 'POST', '/patients', { name: `次卡测试${digits(4)}`, phone: `+86136${digits(8)}`, clinicId })).patientId;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the owner adds a pack product beside the plans', async () => {
    const page = await context.newPage();
    await signInAs(page, twin, 'owner@demo.local');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('nav-plans').click();
    await page.getByTestId('pack-products').waitFor();
    await page.getByTestId('pack-product-new').click();
    await page.getByTestId('pp-name').fill(productName);
    await page.getByTestId('pp-procedure').selectOption('cleaning');
    await page.getByTestId('pp-count').fill('3');
    await page.getByTestId('pp-price').fill('600');
    expect(await axeViolations(page, '[data-testid="pack-products"]')).toEqual([]);
    await page.getByTestId('pp-save').click();
    await page.getByTestId('pack-product-saved').waitFor();
    await page.locator('[data-testid="pack-product-row"]', { hasText: productName }).waitFor();
    await page.close();
  }, 60_000);

  it('the front desk sells the pack, a cleaning is paid by it, and the card shows one use fewer', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signInAs(page, twin, 'frontdesk@demo.local');
    if ((await page.getByTestId('clinic-switcher').count()) > 0) await page.getByTestId('clinic-switcher').selectOption(clinicId);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${twin.url}/#/patients/${patientId}`);
    await page.getByTestId('pack-none').waitFor();
    await page.getByTestId('pack-sell').click();
    await page.getByTestId('sell-pack-dialog').waitFor();
    const product = page.getByTestId('pack-product');
    await product.selectOption((await product.locator('option', { hasText: productName }).first().getAttribute('value')) ?? '');
    expect(await page.getByTestId('pack-due').getAttribute('data-fen')).toBe('60000');
    await page.getByTestId('pack-sell-submit').click();
    await page.getByTestId('field-error-acknowledgedAt').waitFor();
    await page.getByTestId('pack-ack').check();
    expect(await axeViolations(page, '[data-testid="sell-pack-dialog"]')).toEqual([]);
    await keepScreenshot(page, 'tests/e2e/screenshots/packs-sell-390.png');
    await page.getByTestId('pack-sell-submit').click();
    await page.getByTestId('sell-pack-dialog').waitFor({ state: 'detached' });
    const item = page.getByTestId('pack-item');
    await item.waitFor();
    expect(await item.getAttribute('data-remaining')).toBe('3');
    expect(await axeViolations(page, '[data-testid="member-card"]')).toEqual([]);

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${twin.url}/#/patients/${patientId}/checkout`);
    await page.getByTestId('checkout-form').waitFor();
    const select = page.getByTestId('co-dentist-select');
    if ((await select.count()) > 0 && (await select.locator(`option[value="${dentistId}"]`).count()) > 0) await select.selectOption(dentistId);
    else {
      if ((await select.count()) > 0) await select.selectOption('__other__');
      await page.getByTestId('co-dentist-id').fill(dentistId);
    }
    await page.getByTestId('co-line-procedure').first().selectOption(cleaning.procedureId);
    await page.getByTestId('co-line-pack').waitFor();
    expect(await page.getByTestId('co-line-pack').textContent()).toContain('次卡抵扣');
    await expect.poll(() => page.getByTestId('co-total').getAttribute('data-priced')).toBe('server');
    expect(await page.getByTestId('co-total').getAttribute('data-fen')).toBe('0');
    expect(await page.getByTestId('co-pack-total').getAttribute('data-fen')).toBe(String(cleaning.clinicPriceFen));
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await axeViolations(page, '[data-testid="checkout-form"]')).toEqual([]);
    await keepScreenshot(page, 'tests/e2e/screenshots/packs-checkout-390.png');
    await page.getByTestId('co-submit').click();
    await page.getByTestId('checked-out-notice').waitFor();
    await page.goto(`${twin.url}/#/patients/${patientId}`);
    await expect.poll(() => page.getByTestId('pack-item').getAttribute('data-remaining')).toBe('2');
    await keepScreenshot(page, 'tests/e2e/screenshots/packs-card-390.png');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
