/**
 * Every page of the dashboard, as each role sees it (issue 13, part 4): the pages are the ones the
 * role's navigation offers, read from the page itself, so a new page is checked the day it lands,
 * plus a patient's profile. At 390 px the document is no wider than the viewport (no sideways
 * scroll), and axe-core finds no serious or critical violation, at 390 and 1440 px, in Chinese and
 * English for the owner and in Chinese at 390 px for the other roles. Failures are gathered and
 * reported together, page by page. Needs dashboard/dist.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDashboard, signIn, type DashboardSession } from './support/dashboard-session.js';
import { axeViolations } from './support/axe.js';

let session: DashboardSession;

type Check = { locales: readonly string[]; widths: readonly number[] };
const everything: Check = { locales: ['zh-CN', 'en'], widths: [390, 1440] }; // narrowest first
const phone: Check = { locales: ['zh-CN'], widths: [390] };

const viewport = (width: number) => ({ width, height: width < 600 ? 844 : 900 });

/** Waits until no request has been in flight for 250 ms (a page's data loaded), at most 10 s. */
const settle = async (page: Page, inFlight: { n: number; last: number }): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && (inFlight.n > 0 || Date.now() - inFlight.last < 250)) await page.waitForTimeout(100);
  // and two frames, for what the page does after its data arrives (layout, scroll regions)
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
};

const watchRequests = (page: Page): { n: number; last: number } => {
  const inFlight = { n: 0, last: Date.now() };
  page.on('request', () => { inFlight.n += 1; inFlight.last = Date.now(); });
  const done = () => { inFlight.n = Math.max(0, inFlight.n - 1); inFlight.last = Date.now(); };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return inFlight;
};

/** The role's pages: its navigation's links, and the first patient's profile when it may open one. */
const pagesOf = async (page: Page): Promise<string[]> => {
  const nav = await page.locator('nav a[data-testid^="nav-"]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''));
  await page.goto(`${session.twin.url}/#/patients`);
  const profile = await page.locator('a[href^="#/patients/"]').first().getAttribute('href', { timeout: 10_000 }).catch(() => null);
  return [...nav.filter((href) => href.startsWith('#/')), ...(profile && profile !== '#/patients/new' ? [profile] : [])];
};

const problemsOn = async (page: Page, label: string): Promise<string[]> => {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  const wide = scrollWidth > innerWidth ? [`${label}: ${scrollWidth}px wide in a ${innerWidth}px viewport`] : [];
  const serious = (await axeViolations(page, 'body')).filter((v) => /\((serious|critical)\)/.test(v));
  return [...wide, ...serious.map((v) => `${label}: ${v}`)];
};

const checkRole = async (email: string, check: Check): Promise<string[]> => {
  const page = await session.context.newPage();
  const inFlight = watchRequests(page);
  const problems: string[] = [];
  try {
    await signIn(page, session.twin, email);
    const pages = await pagesOf(page);
    expect(pages.length, `${email} has pages to check`).toBeGreaterThan(2);
    for (const locale of check.locales) {
      await page.evaluate((l) => localStorage.setItem('smileloop.locale', l), locale);
      await page.reload();
      // Each page is loaded at the narrowest width (laid out for a phone from the start), then
      // widened as a window is: one load per page and language, not one per width.
      for (const href of pages) {
        await page.setViewportSize(viewport(check.widths[0] ?? 390));
        await page.goto(`${session.twin.url}/${href}`);
        await settle(page, inFlight);
        for (const width of check.widths) {
          await page.setViewportSize(viewport(width));
          await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
          problems.push(...(await problemsOn(page, `${email} ${locale} ${width}px ${href}`)));
        }
      }
    }
  } finally {
    await page.close();
  }
  return problems;
};

describe('dashboard: every page at 390 and 1440 px, in Chinese and English, with axe', () => {
  beforeAll(async () => {
    session = await openDashboard();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the owner: every page in both languages and widths, no sideways scroll, no serious or critical axe finding', async () => {
    expect(await checkRole('owner@demo.local', everything)).toEqual([]);
  }, 600_000);

  it('the language switch fetches English the first time it is chosen, and the page follows', async () => {
    const page = await session.context.newPage();
    try {
      await signIn(page, session.twin, 'owner@demo.local');
      await page.evaluate(() => localStorage.removeItem('smileloop.locale'));
      await page.reload();
      await page.getByTestId('nav-patients').waitFor();
      expect(await page.getByTestId('nav-patients').textContent()).toBe('患者');
      await page.getByTestId('lang-switch').selectOption('en');
      await expect.poll(() => page.getByTestId('nav-patients').textContent()).toBe('Patients');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    } finally {
      await page.close();
    }
  }, 120_000);

  it('front desk, dentist, manager and marketing: every page of theirs on a phone', async () => {
    const problems: string[] = [];
    for (const email of ['frontdesk@demo.local', 'dentist@demo.local', 'manager@demo.local', 'marketing@demo.local']) problems.push(...(await checkRole(email, phone)));
    expect(problems).toEqual([]);
  }, 600_000);
});
