/**
 * What every browser test needs: the built dashboard, a Chromium (Debian's, or the npm package's
 * where Debian's is absent: chromium-global-setup.ts) with the flags this machine requires and a
 * fresh profile, and a local twin on the suite's DynamoDB Local.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { startTwin, type Twin } from '../../../functions/local/twin.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const distIndex = join(repoRoot, 'dashboard/dist/index.html');
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Git-ignored: screenshots a person can look at after a run. */
export const screenshots = join(repoRoot, 'tests/e2e/screenshots');

export type DashboardSession = { twin: Twin; context: BrowserContext; close: () => Promise<void> };

export const openDashboard = async (options: { timezoneId?: string; acceptDownloads?: boolean } = {}): Promise<DashboardSession> => {
  if (!existsSync(distIndex)) throw new Error(`${distIndex} is missing: build the dashboard first (npm run build:dashboard)`);
  mkdirSync(screenshots, { recursive: true });
  const dynamoEndpoint = inject('dynamoEndpoint');
  const twin = await startTwin({ port: 0, inMemory: true, quiet: true, ...(dynamoEndpoint ? { dynamoEndpoint, demoSnapshot: inject('demoSnapshot'), messageCounts: 'off' as const } : {}) });
  const userDataDir = mkdtempSync(join(tmpdir(), 'smileloop-e2e-'));
  const browser = inject('chromium');
  // Stopped if Chromium fails to start: a twin left running would refuse every later file of this worker its own.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: browser.executablePath,
    ...(Object.keys(browser.env).length > 0 ? { env: { ...process.env, ...browser.env } } : {}),
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: options.timezoneId ?? 'Asia/Shanghai',
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
  }).catch(async (error: unknown) => {
    await twin.stop();
    throw error;
  });
  context.setDefaultTimeout(15_000);
  return {
    twin,
    context,
    close: async () => {
      await context.close();
      await twin.stop();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
};

/** A demo user's token from the local login route (password "demo"), for the test's own API calls. */
export const demoToken = async (twin: Twin, email: string): Promise<string> => {
  const response = await fetch(`${twin.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: 'demo' }) });
  if (!response.ok) throw new Error(`login ${email}: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
};

/** Signs in through the login page as a demo user (password "demo") and waits for the shell. */
export const signIn = async (page: Page, twin: Twin, email: string): Promise<void> => {
  await page.goto(`${twin.url}/#/patients`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  await expect.poll(() => page.getByTestId('user-email').textContent()).toBe(email);
};

/**
 * Full-page screenshots at desktop width and, when asked, tablet width, for people to look at
 * (tests/e2e/screenshots). They assert nothing and a full-page capture takes a second or two, so
 * they are taken only when E2E_SCREENSHOTS=1; the page is left at desktop width either way.
 */
export const shoot = async (page: Page, name: string, widths: number[] = [1280]): Promise<void> => {
  for (const width of process.env.E2E_SCREENSHOTS === '1' ? widths : []) {
    await page.setViewportSize({ width, height: width >= 1280 ? 800 : 1100 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(screenshots, width >= 1280 ? `${name}.png` : `${name}-tablet.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
};

/** A JSON call to the twin's API as a demo user; anything but 2xx throws with the answer, so setup never goes on silently. */
export const apiRequest = async <T>(twin: Twin, token: string, method: string, path: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${twin.url}/api${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await response.json();
  if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
  return json as T;
};

/**
 * Books the soonest free quarter hour from about half an hour ahead: the demo's own appointments
 * (10:00, 11:00, 14:00, 16:30 at 静安店, 45 minutes each) make a fixed "soon" slot collide at some
 * hours of the day. `quarters` is how many quarter hours are tried: six by default (the next two
 * hours, when a reminder is due); a test that only needs today tries more (around 10:00 the first
 * six all overlap a demo appointment). `sameDay` keeps to today in Shanghai (after 23:15 that leaves
 * the current quarter hour). `book` throws with "HTTP 409" when the slot is taken.
 */
export const bookSoonestFreeSlot = async <T>(book: (startAt: string) => Promise<T>, options: { sameDay: boolean; quarters?: number }): Promise<T> => {
  const quarter = 15 * 60_000;
  const shanghaiDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
  const soon = Math.ceil((Date.now() + 30 * 60_000) / quarter) * quarter;
  const ahead = Array.from({ length: options.quarters ?? 6 }, (_, i) => soon + i * quarter).filter((t) => !options.sameDay || shanghaiDay(t) === shanghaiDay(Date.now()));
  const candidates = ahead.length > 0 ? ahead : [Math.floor(Date.now() / quarter) * quarter];
  let taken: unknown;
  for (const at of candidates) {
    try {
      return await book(new Date(at).toISOString());
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('HTTP 409'))) throw error;
      taken = error;
    }
  }
  throw taken;
};

/** One screenshot of a page (whole) or a part of it to the given path, taken only when E2E_SCREENSHOTS=1 (see `shoot`). */
export const keepScreenshot = async (target: Page | Locator, path: string): Promise<void> => {
  if (process.env.E2E_SCREENSHOTS !== '1') return;
  await ('goto' in target ? target.screenshot({ path, fullPage: true }) : target.screenshot({ path }));
};
