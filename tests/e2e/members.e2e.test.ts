/**
 * Memberships in a real browser against the local twin: the front desk sells the seeded 2980 plan
 * to a patient with a family member (the contract acknowledged in the dialog), checks out a
 * cleaning on the checkout page (its server-priced preview shows the card covering it), and the profile's member
 * card shows one cleaning used and the value received. axe finds no violations on the member card
 * and the dialogs at 390 px. Needs a built dashboard (dashboard/dist) and a Chromium.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken, openDashboard, shoot, signIn as signInAs, type DashboardSession, keepScreenshot } from './support/dashboard-session.js';
import { axeViolations } from './support/axe.js';

type Procedure = { procedureId: string; code: string; clinicPriceFen: number };
type Staff = { userId: string; email: string };
type Membership = { membershipId: string; planName: string; memberPatientIds: string[]; valueReceivedFen?: number; usedThisTerm?: { key: string; count: number }[] };

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

/** axe on one part of the page (WCAG 2.1 A/AA rules); the violations as "rule: target" lines. */

const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

describe('dashboard: memberships', () => {
  let frontdeskToken: string;
  let clinicId: string;
  let holderId: string;
  let relativeId: string;
  let cleaning: Procedure;
  let dentistId: string;

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
    // a new family: no demo history, so the card is the only thing pricing this checkout
    const holder = await request<{ patientId: string }>(frontdeskToken, 'POST', '/patients', { name: `会员测试${digits(4)}`, phone: `+86139${digits(8)}`, clinicId });
    const relative = await request<{ patientId: string }>(frontdeskToken, 'POST', '/patients', { name: `家属测试${digits(4)}`, phone: `+86137${digits(8)}`, clinicId });
    holderId = holder.patientId;
    relativeId = relative.patientId;
    const family = await request<{ family: { familyId: string } }>(frontdeskToken, 'PUT', `/patients/${holderId}/family`, { familyId: 'new', relation: 'self' });
    await request(frontdeskToken, 'PUT', `/patients/${relativeId}/family`, { familyId: family.family.familyId, relation: 'spouse' });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the front desk sells the 2980 plan to a family, a cleaning is covered, and the card shows it used', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signInAs(page, twin, 'frontdesk@demo.local');
    if ((await page.getByTestId('clinic-switcher').count()) > 0) await page.getByTestId('clinic-switcher').selectOption(clinicId);
    await page.goto(`${twin.url}/#/patients/${holderId}`);
    await page.getByTestId('member-card').waitFor();
    await page.getByTestId('member-none').waitFor();

    // sell at phone width: the dialog and the card must work (and pass axe) at 390 px
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('member-sell').click();
    await page.getByTestId('sell-dialog').waitFor();
    const plan = page.getByTestId('sell-plan');
    const seeded = plan.locator('option', { hasText: '2,980.00' });
    await plan.selectOption((await seeded.first().getAttribute('value')) ?? '');
    await page.locator(`[data-testid="sell-member"][data-patient-id="${relativeId}"]`).check();
    await page.getByTestId('sell-method').selectOption('wechat');
    expect(await page.getByTestId('sell-due').getAttribute('data-fen')).toBe('298000');
    await page.getByTestId('contract-terms').waitFor();
    // no acknowledgement, no sale
    await page.getByTestId('sell-submit').click();
    await page.getByTestId('field-error-acknowledgedAt').waitFor();
    await page.getByTestId('sell-ack').check();
    expect(await axeViolations(page, '[data-testid="sell-dialog"]')).toEqual([]);
    await keepScreenshot(page, 'tests/e2e/screenshots/members-sell-390.png');
    await page.getByTestId('sell-submit').click();
    await page.getByTestId('sell-dialog').waitFor({ state: 'detached' });
    const card = page.getByTestId('membership');
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('active');
    expect(await page.getByTestId('membership-members').textContent()).toContain('家属测试');

    const { items } = await request<{ items: Membership[] }>(frontdeskToken, 'GET', `/patients/${holderId}/memberships`);
    expect(items).toHaveLength(1);
    expect(items[0]?.memberPatientIds).toEqual([holderId, relativeId]);

    // a cleaning through the checkout page: the server's preview shows the card covering it
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${twin.url}/#/patients/${holderId}/checkout`);
    await page.getByTestId('checkout-form').waitFor();
    const select = page.getByTestId('co-dentist-select');
    if ((await select.count()) > 0 && (await select.locator(`option[value="${dentistId}"]`).count()) > 0) await select.selectOption(dentistId);
    else {
      if ((await select.count()) > 0) await select.selectOption('__other__');
      await page.getByTestId('co-dentist-id').fill(dentistId);
    }
    await page.getByTestId('co-line-procedure').first().selectOption(cleaning.procedureId);
    await page.getByTestId('co-line-covered').waitFor();
    expect(await page.getByTestId('co-line-covered').textContent()).toContain('会员卡抵扣');
    expect(await page.getByTestId('co-line-amount').first().locator('s').textContent()).toBe(`¥${(cleaning.clinicPriceFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    await expect.poll(() => page.getByTestId('co-total').getAttribute('data-priced')).toBe('server');
    expect(await page.getByTestId('co-total').getAttribute('data-fen')).toBe('0');
    expect(await page.getByTestId('co-covered-total').getAttribute('data-fen')).toBe(String(cleaning.clinicPriceFen));
    // a coupon code the patient does not hold is refused by code, in the page's language
    await page.getByTestId('co-coupon').fill('ZZZZZZZZZZZZ');
    await page.getByTestId('field-error-couponCode').waitFor();
    expect(await page.getByTestId('co-submit').isDisabled()).toBe(true);
    await page.getByTestId('co-coupon').fill('');
    await expect.poll(() => page.getByTestId('co-submit').isEnabled()).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await axeViolations(page, '[data-testid="checkout-form"]')).toEqual([]);
    await keepScreenshot(page, 'tests/e2e/screenshots/members-checkout-390.png');
    await page.getByTestId('co-submit').click();
    await page.getByTestId('checked-out-notice').waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });

    const used = page.locator(`[data-testid="entitlement"][data-key="cleaning"][data-patient-id="${holderId}"]`);
    await expect.poll(async () => (await used.count()) > 0 && (await used.getAttribute('data-used'))).toBe('1');
    expect(await page.getByTestId('member-value-received').getAttribute('data-fen')).toBe(String(cleaning.clinicPriceFen));
    expect(await page.getByTestId('member-value-received').textContent()).toContain((cleaning.clinicPriceFen / 100).toFixed(2));
    const after = await request<{ items: Membership[] }>(frontdeskToken, 'GET', `/patients/${holderId}/memberships`);
    expect(after.items[0]?.valueReceivedFen).toBe(cleaning.clinicPriceFen);
    await shoot(page, 'members-card', [1280, 820]);

    // the card and the top-up dialog at 390 px
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await axeViolations(page, '[data-testid="member-card"]')).toEqual([]);
    await page.getByTestId('wallet-top-up').click();
    await page.getByTestId('wallet-dialog').waitFor();
    await page.getByTestId('wallet-amount').fill('500');
    expect(await axeViolations(page, '[data-testid="wallet-dialog"]')).toEqual([]);
    await page.getByTestId('wallet-submit').click();
    await page.getByTestId('wallet-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('wallet-panel').getAttribute('data-principal')).toBe('50000');
    await keepScreenshot(page, 'tests/e2e/screenshots/members-card-390.png');

    // a second cleaning this month is paid (reasonable use) and paid with the stored value; more than the balance is refused in the page
    await page.goto(`${twin.url}/#/patients/${holderId}/checkout`);
    await page.getByTestId('checkout-form').waitFor();
    if ((await select.count()) > 0 && (await select.locator(`option[value="${dentistId}"]`).count()) > 0) await select.selectOption(dentistId);
    else {
      if ((await select.count()) > 0) await select.selectOption('__other__');
      await page.getByTestId('co-dentist-id').fill(dentistId);
    }
    await page.getByTestId('co-line-procedure').first().selectOption(cleaning.procedureId);
    await expect.poll(() => page.getByTestId('co-total').getAttribute('data-priced')).toBe('server');
    const due = Number(await page.getByTestId('co-total').getAttribute('data-fen'));
    expect(due).toBe(cleaning.clinicPriceFen - Math.floor(cleaning.clinicPriceFen / 10));
    expect(await page.getByTestId('co-member-discount').getAttribute('data-fen')).toBe(String(cleaning.clinicPriceFen - due));
    expect(await page.getByTestId('co-stored-value-balance').getAttribute('data-fen')).toBe('50000');
    await page.getByTestId('add-payment-stored-value').click();
    await page.getByTestId('co-payment-amount').fill('600');
    await page.getByTestId('field-error-payments.0.amountFen').waitFor();
    expect(await page.getByTestId('co-submit').isDisabled()).toBe(true);
    await page.getByTestId('co-payment-amount').fill(String(due / 100));
    await expect.poll(() => page.getByTestId('co-submit').isEnabled()).toBe(true);
    await page.getByTestId('co-submit').click();
    await page.getByTestId('checked-out-notice').waitFor();
    await expect.poll(() => page.getByTestId('wallet-panel').getAttribute('data-principal')).toBe(String(50_000 - due));
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('the owner sees the cancellation refund before confirming, and the plan editor passes axe at 390 px', async () => {
    const page = await context.newPage();
    await signInAs(page, twin, 'owner@demo.local');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${twin.url}/#/patients/${holderId}`);
    await page.getByTestId('membership').waitFor();
    await page.getByTestId('membership-cancel').click();
    await page.getByTestId('cancel-quote').waitFor();
    const quoted = Number(await page.getByTestId('cancel-quote').getAttribute('data-fen'));
    // pro rata on the first day, minus the cleaning used
    expect(quoted).toBeGreaterThan(0);
    expect(quoted).toBeLessThanOrEqual(298_000 - cleaning.clinicPriceFen);
    expect(await axeViolations(page, '[data-testid="cancel-dialog"]')).toEqual([]);
    await page.getByTestId('modal-close').click();
    await page.getByTestId('cancel-dialog').waitFor({ state: 'detached' });

    await page.getByTestId('nav-plans').click();
    await page.getByTestId('plans-page').waitFor();
    await page.getByTestId('plan-row').first().waitFor();
    await page.getByTestId('plan-edit').first().click();
    await page.getByTestId('plan-form').waitFor();
    expect(await axeViolations(page, '[data-testid="plans-page"]')).toEqual([]);
    await page.close();
  }, 60_000);
});
