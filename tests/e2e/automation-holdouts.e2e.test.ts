/**
 * Holdouts on automations in a real browser (issue 12, items 6–7): the owner sets the recall
 * holdout on the Automations page and saves it; the recall card's results panel shows the treated
 * against the held out with the verdict in words; marketing opens a held-out patient's profile at
 * 390 px and reads that they were held out of recall, with nothing wider than the screen. Needs a
 * built dashboard (dashboard/dist) and a Chromium.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, demoToken, openDashboard, shoot, signIn, type DashboardSession, keepScreenshot } from './support/dashboard-session.js';

let session: DashboardSession;
let context: BrowserContext;

const request = <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => apiRequest<T>(session.twin, token, method, path, body);

const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

describe('dashboard: holdouts on automations', () => {
  let heldId: string;

  beforeAll(async () => {
    session = await openDashboard();
    ({ context } = session);
    const owner = await demoToken(session.twin, 'owner@demo.local');
    const me = await request<{ tenantId: string; clinics: { clinicId: string }[] }>(owner, 'GET', '/me');
    const clinicId = me.clinics[0]?.clinicId ?? '';
    const { claimAssignment } = await import('../../functions/adapters/dynamo/automation-holdout-repository.js');
    // Decisions the recall job recorded 40 days ago: their 30-day windows have closed.
    const assignedAt = new Date(Date.now() - 40 * 86_400_000).toISOString();
    for (let i = 0; i < 6; i += 1) {
      const patientId = (await request<{ patientId: string }>(owner, 'POST', '/patients', { name: `对照测试${digits(4)}`, phone: `+86138${digits(8)}`, clinicId })).patientId;
      const arm = i < 2 ? 'holdout' : 'treated';
      if (i === 0) heldId = patientId;
      await claimAssignment(me.tenantId, { automation: 'recall', patientId, occasion: `recall.cleaning.2026-01-0${i + 1}.d14`, arm, assignedAt, holdoutPercent: 20, ...(arm === 'treated' ? { outcome: 'sent' } : {}) });
    }
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the owner sets the recall holdout and reads its results', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, session.twin, 'owner@demo.local');
    await page.getByTestId('nav-automations').click();
    await page.locator('[data-testid="automations-page"][data-loading="false"] [data-testid="auto-form"]').waitFor();
    await page.getByTestId('auto-recall-holdoutPercent').fill('20');
    await page.getByTestId('auto-save').click();
    await page.getByTestId('auto-saved').waitFor();
    const owner = await demoToken(session.twin, 'owner@demo.local');
    expect((await request<{ settings: { recall: { holdoutPercent: number } } }>(owner, 'GET', '/automations')).settings.recall.holdoutPercent).toBe(20);

    await page.getByTestId('holdout-recall-toggle').click();
    const table = page.getByTestId('holdout-recall-table');
    await table.waitFor();
    expect(await table.textContent()).toMatch(/发送组.*对照组/);
    const verdict = page.getByTestId('holdout-recall-verdict');
    expect(await verdict.getAttribute('data-verdict')).toBe('too-small');
    expect(await verdict.textContent()).toContain('尚无定论');
    await page.getByTestId('lift-bar').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(page.getByTestId('auto-recall'), 'tests/e2e/screenshots/automation-holdout-recall-390.png');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(page, 'automation-holdout-results', [1280]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('marketing reads on the profile, at 390 px, that the patient was held out of recall', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, session.twin, 'marketing@demo.local');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${session.twin.url}/#/patients/${heldId}`);
    const entry = page.getByTestId('patient-campaign');
    await entry.waitFor();
    expect(await entry.getAttribute('data-arm')).toBe('holdout');
    expect(await entry.textContent()).toContain('复诊召回');
    expect(await entry.textContent()).toContain('对照组');
    expect(await entry.textContent()).not.toContain('cleaning');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await keepScreenshot(page, 'tests/e2e/screenshots/patient-campaigns-390.png');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
