/**
 * The dentist's view and the desk's warnings in a real browser (issue 13): a dentist records an
 * allergy on the profile's medical panel; the desk sees no panel but an allergy alert (no medical
 * word) on the appointment panel and at checkout, and marks an installment part paid from the
 * timeline. Every screen at 1440 and 390 px, zh-CN and English: no sideways scroll, axe finds no
 * serious or critical problem. Needs dashboard/dist.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.js';
import { testTwinFrom, type TestTwin } from '../support/twin-client.js';
import { installmentVisit } from '../support/route-samples/installments.js';
import { openDashboard, signIn, type DashboardSession } from './support/dashboard-session.js';
import { checkScreen as checkScreenAtBothWidths } from './support/screen-check.js';
import { axeViolations } from './support/axe.js';

let session: DashboardSession;
let context: BrowserContext;
let twin: TestTwin;

/** At both widths and in both languages: no sideways scroll and no serious or critical axe finding in `selector` (screen-check.ts). */
const checkScreen = async (page: Page, url: string, selector: string, problems: string[]): Promise<void> => {
  await page.goto(url);
  const ready = () => page.locator(selector).first().waitFor();
  problems.push(...(await checkScreenAtBothWidths(page, selector, selector, ready)));
  await ready();
};

describe('dashboard: medical panel, allergy alert, installments', () => {
  beforeAll(async () => {
    session = await openDashboard();
    ({ context } = session);
    twin = await testTwinFrom(session.twin);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('a dentist records an allergy; the desk is warned without seeing it and marks a part paid', async () => {
    const owner = await twin.tokenFor('owner');
    const patient = (await twin.api<Patient>('POST', '/patients', {
      token: owner, body: { name: '过敏测试', phone: '13677770001', clinicId: twin.demo.jinganId, consents: { healthData: { granted: true, source: 'paper-form' } } },
    })).body;
    await installmentVisit({ twin, demoPatient: patient, ownerToken: owner }, patient.patientId);
    const day = new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    const booked = await twin.api<{ appointmentId: string }>('POST', '/appointments', {
      token: owner, body: { patientId: patient.patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair: 'E2E', startAt: `${day}T02:00:00.000Z`, durationMinutes: 30 },
    });
    expect(booked.status).toBe(201);
    const problems: string[] = [];
    const errors: string[] = [];

    const dentist = await context.newPage();
    dentist.on('pageerror', (error) => errors.push(String(error)));
    await signIn(dentist, session.twin, 'dentist@demo.local');
    const profile = `${session.twin.url}/#/patients/${patient.patientId}`;
    await dentist.goto(profile);
    await dentist.locator('[data-testid="medical-panel"][data-loaded="true"]').waitFor();
    await dentist.getByTestId('medical-edit').click();
    await dentist.locator('#med-allergies').fill('青霉素');
    await dentist.locator('#med-allergies').press('Enter');
    await dentist.getByTestId('medical-save').click();
    await dentist.getByTestId('medical-saved').waitFor();
    expect(await dentist.getByTestId('medical-allergies').textContent()).toContain('青霉素');
    await checkScreen(dentist, profile, '[data-testid="medical-panel"][data-loaded="true"]', problems);
    // the visit's treatment notes, read only when opened (each read is audited)
    const notes = dentist.getByTestId('visit-notes').first();
    await notes.getByTestId('visit-notes-open').click();
    await notes.getByTestId('visit-notes-edit').click();
    await notes.getByTestId('visit-notes-text').fill('右下6 根管治疗第一次，封药');
    await notes.getByTestId('visit-notes-save').click();
    await expect.poll(() => notes.getByTestId('visit-notes-body').textContent()).toContain('根管');
    for (const width of [1440, 390]) {
      await dentist.setViewportSize({ width, height: 900 });
      expect(await dentist.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect((await axeViolations(dentist, '[data-testid="visit-notes"]')).filter((v) => /\((serious|critical)\)/.test(v))).toEqual([]);
    }
    await dentist.close();

    const desk = await context.newPage();
    desk.on('pageerror', (error) => errors.push(String(error)));
    await signIn(desk, session.twin, 'frontdesk@demo.local');
    await desk.goto(profile);
    await desk.getByTestId('tl-installment').first().waitFor();
    expect(await desk.getByTestId('medical-panel').count()).toBe(0);
    expect(await desk.getByTestId('visit-notes').count()).toBe(0);
    // one part is paid by WeChat: it shows as paid at once
    const part = desk.getByTestId('tl-installment').last();
    await part.getByTestId('inst-pay').click();
    await part.getByTestId('inst-method').selectOption('wechat');
    await part.getByTestId('inst-confirm').click();
    await expect.poll(() => part.getByTestId('tl-installment-status').textContent()).toContain('已付');
    await checkScreen(desk, profile, '[data-testid="tl-installment"]', problems);

    const checkout = `${session.twin.url}/#/patients/${patient.patientId}/checkout`;
    await desk.goto(checkout);
    const alert = desk.getByTestId('allergy-alert');
    await alert.waitFor();
    expect(await alert.textContent()).not.toContain('青霉素');
    await checkScreen(desk, checkout, '[data-testid="allergy-alert"]', problems);

    await desk.goto(`${session.twin.url}/#/appointments?date=${day}`);
    await desk.locator(`[data-testid="appt-block"][data-appointment-id="${booked.body.appointmentId}"]`).click();
    await desk.getByTestId('appt-panel').getByTestId('allergy-alert').waitFor();
    await desk.setViewportSize({ width: 390, height: 900 });
    expect(await desk.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect((await axeViolations(desk, '[data-testid="appt-panel"]')).filter((v) => /\((serious|critical)\)/.test(v))).toEqual([]);

    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);

  it('the owner lets dentists see prices; until then a dentist profile shows no amount and no ¥NaN', async () => {
    const errors: string[] = [];
    const problems: string[] = [];
    const dentist = await context.newPage();
    dentist.on('pageerror', (error) => errors.push(String(error)));
    await signIn(dentist, session.twin, 'dentist@demo.local');
    const owner = await twin.tokenFor('owner');
    const patient = (await twin.api<{ items: Patient[] }>('GET', `/patients?clinicId=${twin.demo.jinganId}`, { token: owner })).body.items[0] as Patient;
    await dentist.goto(`${session.twin.url}/#/patients/${patient.patientId}`);
    await dentist.getByTestId('patient-page').waitFor();
    await dentist.waitForTimeout(1500);
    const text = (await dentist.getByTestId('patient-page').textContent()) ?? '';
    expect(text).not.toContain('NaN');
    expect(text).not.toMatch(/¥\d/);
    await dentist.close();

    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    await signIn(page, session.twin, 'owner@demo.local');
    const url = `${session.twin.url}/#/automations`;
    await page.goto(url);
    await page.getByTestId('dentist-prices-toggle').check();
    await page.locator('[data-testid="dentist-prices"][data-on="true"]').waitFor();
    await checkScreen(page, url, '[data-testid="dentist-prices"]', problems);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);

  it('the desk lists overdue installments and marks one paid; it leaves the list', async () => {
    const owner = await twin.tokenFor('owner');
    const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '逾期测试', phone: '13677770002', clinicId: twin.demo.jinganId } })).body;
    const visitId = await installmentVisit({ twin, demoPatient: patient, ownerToken: owner }, patient.patientId);
    // Checkout refuses due dates in the past: move the first part's due day back as if time had passed.
    const { installmentItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const past = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    await documentClient.send(new PutCommand({ TableName: tableName, Item: installmentItem(twin.demo.tenantId, { visitId, patientId: patient.patientId, clinicId: twin.demo.jinganId, n: 0, dueDate: past, amountFen: 100, status: 'due' }) }));

    const errors: string[] = [];
    const problems: string[] = [];
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    await signIn(page, session.twin, 'frontdesk@demo.local');
    const url = `${session.twin.url}/#/installments`;
    await page.goto(url);
    const row = page.getByTestId('overdue-row').filter({ hasText: '逾期测试' });
    await row.waitFor();
    await checkScreen(page, url, '[data-testid="installments-page"][data-loaded="true"]', problems);
    await row.getByTestId('inst-pay').click();
    await row.getByTestId('inst-confirm').click();
    await expect.poll(() => page.getByTestId('overdue-row').filter({ hasText: '逾期测试' }).count()).toBe(0);
    await page.reload();
    await page.locator('[data-testid="installments-page"][data-loaded="true"]').waitFor();
    expect(await page.getByTestId('overdue-row').filter({ hasText: '逾期测试' }).count()).toBe(0);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);

  it('links a family member and merges a duplicate after showing what moves', async () => {
    const owner = await twin.tokenFor('owner');
    const make = async (name: string, phone: string) => (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name, phone, clinicId: twin.demo.jinganId } })).body;
    const main = await make('家庭甲', '13677770010');
    const spouse = await make('家庭乙', '13677770011');
    const duplicate = await make('家庭甲重复', '13677770010');
    await installmentVisit({ twin, demoPatient: duplicate, ownerToken: owner }, duplicate.patientId);

    const errors: string[] = [];
    const problems: string[] = [];
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    await signIn(page, session.twin, 'owner@demo.local');
    const url = `${session.twin.url}/#/patients/${main.patientId}`;
    await page.goto(url);
    const panel = page.locator('[data-testid="family-panel"][data-loaded="true"]');
    await panel.waitFor();
    await panel.getByTestId('book-patient-search').fill('家庭乙');
    await panel.locator(`[data-testid="book-patient-option"][data-patient-id="${spouse.patientId}"]`).click();
    await panel.getByTestId('family-relation').selectOption('spouse');
    await panel.getByTestId('family-link').click();
    await expect.poll(() => panel.getByTestId('family-member').count()).toBe(2);
    expect(await panel.textContent()).toContain('配偶');
    await checkScreen(page, url, '[data-testid="family-panel"][data-loaded="true"]', problems);

    await page.getByTestId('merge-open').click();
    const dialog = page.getByTestId('merge-dialog');
    await dialog.getByTestId('book-patient-search').fill('家庭甲重复');
    await dialog.locator(`[data-testid="book-patient-option"][data-patient-id="${duplicate.patientId}"]`).click();
    const what = dialog.getByTestId('merge-what');
    await what.waitFor();
    expect(await what.textContent()).toMatch(/就诊 1 次[\s\S]*分期 2 期/);
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect((await axeViolations(page, '[data-testid="merge-dialog"]')).filter((v) => /\((serious|critical)\)/.test(v))).toEqual([]);
    }
    await dialog.getByTestId('merge-confirm').click();
    await page.getByTestId('merge-done').waitFor();
    expect((await twin.api('GET', `/patients/${duplicate.patientId}`, { token: owner })).status).toBe(404);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);

  it('the desk submits an insurance claim, sees it open, and marks it paid after confirming', async () => {
    const owner = await twin.tokenFor('owner');
    const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '理赔测试', phone: '13677770020', clinicId: twin.demo.jinganId } })).body;
    const errors: string[] = [];
    const problems: string[] = [];
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    await signIn(page, session.twin, 'frontdesk@demo.local');
    const profile = `${session.twin.url}/#/patients/${patient.patientId}`;
    await page.goto(profile);
    const section = page.locator('[data-testid="claims-section"][data-loaded="true"]');
    await section.waitFor();
    await section.getByTestId('claim-insurer').fill('平安健康');
    await section.getByTestId('claim-amount').fill('-5');
    await section.getByTestId('claim-submit').click();
    await section.getByTestId('field-error-amountFen').waitFor();
    await section.getByTestId('claim-amount').fill('1200');
    await section.getByTestId('claim-submit').click();
    await section.locator('[data-testid="claim-row"][data-status="submitted"]').waitFor();
    await checkScreen(page, profile, '[data-testid="claims-section"][data-loaded="true"]', problems);

    const list = `${session.twin.url}/#/installments`;
    await page.goto(list);
    const open = page.locator('[data-testid="open-claims"][data-loaded="true"]');
    const row = open.getByTestId('claim-row').filter({ hasText: '理赔测试' });
    await row.waitFor();
    await checkScreen(page, list, '[data-testid="open-claims"][data-loaded="true"]', problems);
    await row.getByTestId('claim-paid').click();
    await row.getByTestId('claim-confirm').click();
    await expect.poll(() => open.getByTestId('claim-row').filter({ hasText: '理赔测试' }).count()).toBe(0);
    const claims = (await twin.api<{ items: { status: string; paidFen: number }[] }>('GET', `/patients/${patient.patientId}/insurance-claims`, { token: owner })).body.items;
    expect(claims).toEqual([expect.objectContaining({ status: 'paid', paidFen: 120000 })]);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);
});
