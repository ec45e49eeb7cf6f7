/**
 * Targets, staff figures and staffing in a real browser (issue 13, seeds 000 and 004): the owner
 * sets a clinic's monthly targets (a fractional visit count is refused at the field, revenue is
 * typed in yuan and kept in fen) and sees the progress; a save from an old read is told to reload;
 * a manager reads but cannot set; the desk, dentists and marketing have no such page. The staff
 * figures name the dentist with the checkout's revenue, and the staffing grid says peak and quiet
 * in words as well as colour. Each view at 1440 and 390 px in Chinese and English with the width
 * and axe checks. Needs dashboard/dist.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, demoToken, openDashboard, signIn, type DashboardSession } from './support/dashboard-session.js';
import { checkScreen } from './support/screen-check.js';

let session: DashboardSession;

const openPage = async (email: string): Promise<Page> => {
  const page = await session.context.newPage();
  await signIn(page, session.twin, email);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${session.twin.url}/#/plan`);
  return page;
};
const month = () => new Date().toISOString().slice(0, 7);
type TargetsView = { clinics: { clinicId: string; name: string; version: number; targets: Record<string, number> }[] };
const targets = async () => apiRequest<TargetsView>(session.twin, await demoToken(session.twin, 'owner@demo.local'), 'GET', `/targets?month=${month()}`);

describe('dashboard: targets, staff figures and staffing', () => {
  beforeAll(async () => {
    session = await openDashboard();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the owner sets a clinic’s targets and sees progress; an old read is told to reload', async () => {
    const page = await openPage('owner@demo.local');
    const jingan = (await targets()).clinics.find((c) => c.name === '静安店');
    const card = page.locator(`[data-testid="targets-clinic"][data-clinic-id="${jingan?.clinicId}"]`);
    const ready = () => card.waitFor();
    await ready();
    expect(await checkScreen(page, 'main', 'targets', ready)).toEqual([]);
    await ready();

    await card.getByTestId('targets-edit').click();
    await page.getByTestId('tg-visits').fill('12.5');
    await page.getByTestId('targets-save').click();
    await page.getByTestId('field-error-visits').waitFor();
    await page.getByTestId('tg-visits').fill('3');
    await page.getByTestId('tg-revenueFen').fill('1234.56');
    await page.getByTestId('tg-nps').fill('40');
    await page.getByTestId('targets-save').click();
    await page.getByTestId('targets-saved').waitFor();
    expect((await targets()).clinics.find((c) => c.name === '静安店')?.targets).toEqual({ visits: 3, revenueFen: 123_456, nps: 40 });
    expect(await card.locator('[data-measure="revenueFen"]').getByTestId('measure-target').textContent()).toBe('¥1,234.56');
    expect(await card.locator('[data-measure="visits"]').getAttribute('data-status')).not.toBe('unset');

    // someone else saves the same clinic's targets while the owner has them open
    await card.getByTestId('targets-edit').click();
    const now = (await targets()).clinics.find((c) => c.name === '静安店');
    await apiRequest(session.twin, await demoToken(session.twin, 'owner@demo.local'), 'PUT', `/targets/${now?.clinicId}/${month()}`, { visits: 5, version: now?.version ?? 0 });
    await page.getByTestId('tg-visits').fill('9');
    await page.getByTestId('targets-save').click();
    await page.getByTestId('targets-stale').waitFor();
    await page.getByTestId('targets-reload').click();
    expect(await page.getByTestId('tg-visits').inputValue()).toBe('5');

    // the overview shows the month's progress against the targets, and opens them
    await page.goto(`${session.twin.url}/#/overview?clinic=${now?.clinicId}`);
    await page.getByTestId('ov-targets').waitFor();
    expect(await page.getByTestId('ov-targets').locator('[data-measure="visits"]').getByTestId('measure-target').textContent()).toBe('5');
    await page.getByTestId('ov-targets-link').click();
    await page.getByTestId('plan-page').waitFor();
    await page.close();
  });

  it('staff figures and the staffing grid, each checked at both widths and in both languages', async () => {
    const page = await openPage('owner@demo.local');
    await page.getByTestId('plan-tab-performance').click();
    const perfReady = () => page.getByTestId('perf-table').or(page.getByTestId('perf-none')).first().waitFor();
    await perfReady();
    const clickedReady = async () => {
      await page.getByTestId('plan-tab-performance').click();
      await perfReady();
    };
    expect(await checkScreen(page, 'main', 'performance', clickedReady)).toEqual([]);

    const staffingReady = async () => {
      await page.getByTestId('plan-tab-staffing').click();
      await page.getByTestId('staffing-advice').waitFor();
    };
    await staffingReady();
    expect(await page.getByTestId('staffing-grid').locator('th[scope="col"]').count()).toBe(8);
    expect(await checkScreen(page, 'main', 'staffing', staffingReady)).toEqual([]);
    await page.close();
  });

  it('a manager reads but cannot set targets; the desk, dentists and marketing have no such page', async () => {
    const page = await openPage('manager@demo.local');
    await page.getByTestId('targets-clinic').first().waitFor();
    expect(await page.getByTestId('targets-edit').count()).toBe(0);
    await page.close();
    for (const role of ['frontdesk', 'dentist', 'marketing']) {
      const other = await openPage(`${role}@demo.local`);
      await other.getByTestId('no-permission').waitFor();
      expect(await other.getByTestId('nav-plan').count(), role).toBe(0);
      await other.close();
    }
  });
});
