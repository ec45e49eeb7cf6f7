/**
 * The member events page in a real browser: marketing plans a 口腔健康沙龙 at 390 px (axe clean),
 * two invited patients reply "1" (one place: one signed up, one waiting), the front desk sees full
 * phones and ticks who came, marketing sees the counts with phones masked. Needs dashboard/dist.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.js';
import { beginEvent } from '../support/event-clock.js';
import { testTwinFrom, type TestTwin } from '../support/twin-client.js';
import { openDashboard, signIn, type DashboardSession } from './support/dashboard-session.js';
import { axeViolations } from './support/axe.js';



let session: DashboardSession;
let context: BrowserContext;
let twin: TestTwin;

describe('dashboard: member events', () => {
  beforeAll(async () => {
    session = await openDashboard();
    ({ context } = session);
    twin = await testTwinFrom(session.twin);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('marketing plans an event; replies fill it; the desk ticks who came', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, session.twin, 'marketing@demo.local');
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${session.twin.url}/#/events`);
    await page.getByTestId('ev-title').waitFor();
    expect(await axeViolations(page, '[data-testid="events-page"]')).toEqual([]);
    await page.getByTestId('ev-title').fill('口腔健康沙龙');
    await page.getByTestId('ev-place').fill('静安店二楼');
    await page.getByTestId('ev-capacity').fill('0');
    await page.getByTestId('ev-submit').click();
    await page.getByTestId('field-error-capacity').waitFor();
    await page.getByTestId('ev-capacity').fill('1');
    await page.getByTestId('ev-date').fill(new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10));
    await page.getByTestId('ev-submit').click();
    await page.getByTestId('event-detail').waitFor();
    const eventId = decodeURIComponent(page.url().split('/events/')[1] ?? '');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Two patients of 静安店 invited by the job, both reply "1" for the one place.
    const owner = await twin.tokenFor('owner');
    const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };
    const people = await Promise.all(['13655550001', '13655550002'].map(async (phone, i) => (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `活动${i}`, phone, clinicId: twin.demo.jinganId, consents } })).body));
    const { runMemberEvents } = await import('../../functions/services/member-event-run.js');
    await runMemberEvents(twin.demo.tenantId, new Date(), { audience: async () => people.map((p) => ({ patientId: p.patientId, clinicId: p.clinicId, householdKey: p.patientId })) });
    const { handleChainReply } = await import('../../functions/services/sms-reply-service.js');
    for (const [i, p] of people.entries()) await handleChainReply(twin.demo.tenantId, { originationNumber: p.phone, destinationNumber: '106900001', messageBody: '1', inboundMessageId: `e2e-${eventId}-${i}` }, new Date(Date.now() + i).toISOString());

    await page.reload();
    await page.getByTestId('ev-attendees').waitFor();
    expect(await page.getByTestId('ev-signed-up').textContent()).toBe('1/1');
    expect(await page.getByTestId('ev-waiting').textContent()).toBe('1');
    expect(await page.getByTestId('ev-attendees').textContent()).toContain('136****0001');
    expect(await axeViolations(page, '[data-testid="events-page"]')).toEqual([]);

    const desk = await context.browser()?.newContext() ?? context;
    const deskPage = await desk.newPage();
    await signIn(deskPage, session.twin, 'frontdesk@demo.local');
    await deskPage.setViewportSize({ width: 390, height: 900 });
    await deskPage.goto(`${session.twin.url}/#/events/${encodeURIComponent(eventId)}`);
    await deskPage.getByTestId('ev-attendees').waitFor();
    expect(await deskPage.getByTestId('ev-attendees').textContent()).toContain('+8613655550001');
    // Days ahead the desk sees who signed up and when ticking opens, not a box to tick.
    await deskPage.getByTestId('ev-attendance-later').waitFor();
    expect(await deskPage.getByTestId('ev-came').count()).toBe(0);
    await beginEvent(session.twin.demoTenantId ?? '', eventId);
    await deskPage.reload();
    await deskPage.getByTestId('ev-came').first().check();
    await deskPage.waitForFunction(() => document.querySelector('[data-testid="ev-attended"]')?.textContent === '1');
    expect(await axeViolations(deskPage, '[data-testid="events-page"]')).toEqual([]);
    expect(problems).toEqual([]);
  }, 180_000);
});
