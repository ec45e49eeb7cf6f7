/**
 * Marketing's Segments page in a real browser (issue 12): builds "dormant, high value, consented,
 * no appointment", sees a live count above zero with counts per clinic, saves it, and finds it in
 * the saved list; at 390 px as well; axe finds no violations. The chain's facts are written
 * straight into the facts store (synthetic patients in the demo's clinics). Needs dashboard/dist.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../shared/domain/time.js';
import { syntheticFacts } from '../support/synthetic-facts.js';
import { openDashboard, signIn, type DashboardSession } from './support/dashboard-session.js';

type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const axeViolations = async (page: Page, selector: string): Promise<string[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    async (sel) => (await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResult> } }).axe.run(sel, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })),
    selector,
  );
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};

let session: DashboardSession;
let context: BrowserContext;

describe('dashboard: marketing builds and saves a segment', () => {
  beforeAll(async () => {
    session = await openDashboard();
    ({ context } = session);
    const { verifyLocalUser } = await import('../../functions/adapters/identity/local-identity.js');
    const { listClinics } = await import('../../functions/adapters/dynamo/org-repository.js');
    const { replaceClinicFacts } = await import('../../functions/adapters/dynamo/segment-facts-repository.js');
    const owner = await verifyLocalUser('owner@demo.local', 'demo');
    if (!owner) throw new Error('the demo owner is missing');
    const clinicIds = (await listClinics(owner.tenantId)).map((c) => c.clinicId);
    const facts = syntheticFacts(3_000, { clinicIds, today: localDay(new Date(), 'Asia/Shanghai'), seed: 9 });
    const at = new Date().toISOString();
    for (const clinicId of clinicIds) await replaceClinicFacts(owner.tenantId, clinicId, facts.filter((f) => f.clinicId === clinicId), at);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('dormant, high value, consented, no appointment: count, per clinic, save', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, session.twin, 'marketing@demo.local');
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${session.twin.url}/#/segments`);
      await page.getByTestId('seg-activity').waitFor();
      await page.getByTestId('seg-activity').selectOption('dormant');
      await page.getByTestId('seg-min-spend').fill('200');
      await page.getByTestId('seg-consent').check();
      await page.getByTestId('seg-appointment').selectOption('no');
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="seg-count"]');
        return el !== null && Number(el.getAttribute('data-count')) > 0;
      }, undefined, { timeout: 20_000 });
      expect(await page.getByTestId('seg-per-clinic').locator('li').count()).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await axeViolations(page, '[data-testid="segments-page"]')).toEqual([]);
    }
    await page.getByTestId('seg-name').fill('沉睡高价值（可营销）');
    await page.getByTestId('seg-save').click();
    await page.getByTestId('seg-saved-ok').waitFor();
    expect(await page.getByTestId('seg-saved').textContent()).toContain('沉睡高价值（可营销）');
    expect(problems).toEqual([]);
  }, 120_000);
});
