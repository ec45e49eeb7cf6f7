/**
 * Coupons and points on the member card in a real browser: the owner has set up a coupon type;
 * the front desk opens a patient, issues a coupon from the card at 390 px and sees it listed
 * unused with its whole code, expiry and issuer, next to the points balance; marketing sees the
 * same coupon with its code masked. axe finds no violations on the card. Needs a built dashboard
 * (dashboard/dist) and a Chromium.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, demoToken, openDashboard, signIn, keepScreenshot, type DashboardSession } from './support/dashboard-session.js';
import { axeViolations } from './support/axe.js';


let session: DashboardSession;
let context: BrowserContext;


const request = <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => apiRequest<T>(session.twin, token, method, path, body);

const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

describe('dashboard: coupons and points on the member card', () => {
  let patientId: string;
  let frontdeskToken: string;

  beforeAll(async () => {
    session = await openDashboard();
    ({ context } = session);
    frontdeskToken = await demoToken(session.twin, 'frontdesk@demo.local');
    const ownerToken = await demoToken(session.twin, 'owner@demo.local');
    const me = await request<{ clinics: { clinicId: string }[] }>(frontdeskToken, 'GET', '/me');
    const clinicId = me.clinics[0]?.clinicId ?? '';
    await request(ownerToken, 'POST', '/coupon-definitions', { name: '复诊立减50', value: { kind: 'amount', amountFen: 5_000 }, minSpendFen: 20_000, validity: { days: 30 } });
    patientId = (await request<{ patientId: string }>(frontdeskToken, 'POST', '/patients', { name: `领券测试${digits(4)}`, phone: `+86139${digits(8)}`, clinicId })).patientId;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the front desk issues a coupon from the card; marketing sees its code masked', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, session.twin, 'frontdesk@demo.local');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${session.twin.url}/#/patients/${patientId}`);
    await page.getByTestId('coupons-none').waitFor();
    await page.getByTestId('points-balance').waitFor();
    expect(await page.getByTestId('points-balance').textContent()).toBe('0');
    const definition = page.getByTestId('coupon-definition');
    await definition.selectOption({ label: '复诊立减50' });
    await page.getByTestId('coupon-issue').click();
    await page.getByTestId('coupon-issued').waitFor();
    const row = page.getByTestId('coupon-row');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('issued');
    const { items } = await request<{ items: { code: string; expiresOn: string }[] }>(frontdeskToken, 'GET', `/patients/${patientId}/coupons`);
    expect(items).toHaveLength(1);
    expect(await row.getByTestId('coupon-code').textContent()).toBe(items[0]?.code);
    expect(await row.textContent()).toContain(items[0]?.expiresOn);
    expect(await row.textContent()).toContain('员工');
    expect(await axeViolations(page, '[data-testid="member-card"]')).toEqual([]);
    await keepScreenshot(page, 'tests/e2e/screenshots/member-coupons-390.png');
    await page.close();

    const marketing = await context.newPage();
    marketing.on('pageerror', (error) => problems.push(String(error)));
    await signIn(marketing, session.twin, 'marketing@demo.local');
    await marketing.goto(`${session.twin.url}/#/patients/${patientId}`);
    const masked = marketing.getByTestId('coupon-code');
    await masked.waitFor();
    const text = (await masked.textContent()) ?? '';
    expect(text).not.toBe(items[0]?.code);
    expect(text.endsWith(items[0]?.code.slice(-4) ?? '-')).toBe(true);
    expect(await marketing.getByTestId('points-panel').count()).toBe(0);
    expect(problems).toEqual([]);
    await marketing.close();
  }, 90_000);
  it('the owner creates and stops a coupon type and saves the points rules on the settings page at 390 px', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, session.twin, 'owner@demo.local');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${session.twin.url}/#/offers`);
    await page.getByTestId('offer-form').waitFor();
    await page.getByTestId('points-save').waitFor();
    await page.getByTestId('offer-name').fill('洁牙八折');
    await page.getByLabel(/折扣|Percent off/).first().check();
    await page.getByTestId('offer-percent').fill('20');
    await page.getByTestId('offer-days').fill('45');
    await page.getByTestId('offer-create').click();
    const row = page.getByTestId('offer-definition').filter({ hasText: '洁牙八折' });
    await row.waitFor();
    expect(await row.getAttribute('data-active')).toBe('true');
    expect(await axeViolations(page, '[data-testid="offers-page"]')).toEqual([]);
    await keepScreenshot(page, 'tests/e2e/screenshots/offers-390.png');
    await row.getByTestId('offer-stop').click();
    await expect.poll(() => row.getAttribute('data-active')).toBe('false');
    await page.getByTestId('points-earn').fill('2');
    await page.getByTestId('points-save').click();
    await page.getByTestId('points-saved').waitFor();
    const ownerToken = await demoToken(session.twin, 'owner@demo.local');
    expect((await request<{ earnPointsPerYuan: number }>(ownerToken, 'GET', '/points/rules')).earnPointsPerYuan).toBe(2);
    // The stored-value bonus: 充5000送500, valid 12 months; a bad tier is named, nothing saved.
    await page.getByTestId('wallet-tier-add').click();
    await page.getByTestId('wallet-tier-threshold').last().fill('5000');
    await page.getByTestId('wallet-tier-bonus').last().fill('abc');
    await page.getByTestId('wallet-rules-save').click();
    await page.getByTestId('wallet-rules').getByRole('alert').waitFor();
    await page.getByTestId('wallet-tier-bonus').last().fill('500');
    await page.getByTestId('wallet-valid-months').fill('12');
    await page.getByTestId('wallet-rules-save').click();
    await page.getByTestId('wallet-rules-saved').waitFor();
    const walletRules = await request<{ tiers: { thresholdFen: number; bonusFen: number }[]; bonusValidMonths?: number }>(ownerToken, 'GET', '/wallet/bonus-rules');
    expect(walletRules.tiers).toContainEqual({ thresholdFen: 500_000, bonusFen: 50_000 });
    expect(walletRules.bonusValidMonths).toBe(12);
    expect(await axeViolations(page, '[data-testid="wallet-rules"]')).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
