/**
 * The owner's Members page in a real browser on a demo chain with history (the demo writer's
 * members and stored value, 200 patients): at 390 px and 1440 px the owner sees live members and
 * the liability report, members vs non-members and entitlement use (after the nightly run), sales
 * by staff, changes the reserve percentage and sees the reserve figure follow it;
 * axe finds no violations. Needs a built dashboard (dashboard/dist) and a Chromium.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken, openDashboard, signIn, type DashboardSession, keepScreenshot } from './support/dashboard-session.js';
import { axeViolations } from './support/axe.js';

type Overview = { liability: { reservePercent: number; total: { lastQuarter: { prepaidFen: number }; reserveFen: number } }; usage: { visits: { members: { patients: number } }[] } | null };

let session: DashboardSession;
let context: BrowserContext;


/** axe on one part of the page (WCAG 2.1 A/AA rules); the violations as "rule: target" lines. */

const overview = async (token: string): Promise<Overview> => {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const response = await fetch(`${session.twin.url}/api/members/overview?from=${today.slice(0, 8)}01&to=${today}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`overview: HTTP ${response.status}`);
  return (await response.json()) as Overview;
};

describe('dashboard: the owner’s Members page', () => {
  let ownerToken: string;

  beforeAll(async () => {
    session = await openDashboard();
    ({ context } = session);
    ownerToken = await demoToken(session.twin, 'owner@demo.local');
    const { verifyLocalUser } = await import('../../functions/adapters/identity/local-identity.js');
    const owner = await verifyLocalUser('owner@demo.local', 'demo');
    if (!owner) throw new Error('the demo owner is missing');
    const { seedDemoHistory } = await import('../../functions/local/demo-history-writer.js');
    await seedDemoHistory(owner.tenantId, { patients: 200 });
    // The history is written below the services: build the chain's segment facts from it, as the twin does.
    const { rebuildSegmentFacts } = await import('../../functions/services/segment-facts-service.js');
    await rebuildSegmentFacts(owner.tenantId);
    // The nightly figures (members vs non-members, entitlement use) come from the patient-metrics run.
    const { runPatientMetrics } = await import('../../functions/jobs/patient-metrics.js');
    await runPatientMetrics(owner.tenantId, new Date());
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('shows live members and the liability, and the reserve follows the percentage', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, session.twin, 'owner@demo.local');
    const before = await overview(ownerToken);
    // The nightly figures count members: the run read facts that cover the history's cards.
    expect(before.usage?.visits.some((row) => row.members.patients > 0)).toBe(true);
    expect(before.liability.total.lastQuarter.prepaidFen).toBeGreaterThan(0);

    for (const width of [390, 1440]) {
      await page.setViewportSize({ width, height: width < 800 ? 844 : 900 });
      await page.goto(`${session.twin.url}/#/members`);
      await page.getByTestId('members-active').waitFor();
      expect(Number(await page.getByTestId('members-active').locator('strong').textContent())).toBeGreaterThan(0);
      await page.getByTestId('members-liability').waitFor();
      expect(await page.getByTestId('members-reserve-total').textContent()).toMatch(/[1-9]/);
      // The nightly figures: visits and spend per member and non-member for the chain, entitlement use, and sales by staff.
      expect(await page.getByTestId('members-visits-chain').locator('td').first().textContent()).toMatch(/\d\.\d/);
      expect(await page.getByTestId('members-utilisation-row').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('members-staff').locator('tbody tr').count()).toBeGreaterThan(0);
      expect(await axeViolations(page, '[data-testid="members-overview"]')).toEqual([]);
      await keepScreenshot(page, `tests/e2e/screenshots/members-overview-${width}.png`);
    }

    const shown = await page.getByTestId('members-reserve-total').textContent();
    const next = before.liability.reservePercent === 40 ? 20 : 40;
    await page.getByTestId('reserve-percent').selectOption(String(next));
    await page.getByTestId('reserve-percent').locator('xpath=ancestor::form').getByRole('button').click();
    await expect.poll(() => page.getByTestId('members-reserve-total').textContent()).not.toBe(shown);
    const after = await overview(ownerToken);
    expect(after.liability.reservePercent).toBe(next);
    expect(after.liability.total.reserveFen).not.toBe(before.liability.total.reserveFen);
    expect(await axeViolations(page, '[data-testid="members-overview"]')).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
