/**
 * Campaigns in a real browser (issue 12): marketing builds "dormant, high value, consented, no
 * appointment" on the Segments page and sees its count, builds a campaign with a coupon and a 10%
 * holdout in the wizard and submits it; the owner approves; the campaign-runner job runs in the
 * twin (a "run now" event, replayed at 10:00 clinic time so the sending hours hold whatever the
 * hour of the test); the detail page shows sent, held out and the lift with its interval. axe
 * finds nothing on the list, the wizard and the detail page at 390 and 1440 px, zh-CN and English.
 *
 * The patients are real (created through the API, with consent and phones, so the send pipeline
 * sends to them); their visit history is written into the facts store below the services (a
 * visit can be entered at most 30 days late, and "dormant" needs one 12 months ago).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../../shared/domain/time.js';
import { runJobEvent } from '../../shared/schedules.js';
import { apiRequest, demoToken, openDashboard, signIn, keepScreenshot, type DashboardSession } from './support/dashboard-session.js';
import { axeViolations } from './support/axe.js';

const zone = 'Asia/Shanghai';
const patientCount = 80;


let session: DashboardSession;
let context: BrowserContext;
let tenantId = '';
let clinicId = '';
let patientIds: string[] = [];

const request = <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => apiRequest<T>(session.twin, token, method, path, body);

/** Dormant (last visit 400 days ago), 3 visits, ¥5,000 spent, consented, nothing booked. */
const makeDormantHighValue = async (clinicId: string, patientIds: ReadonlySet<string>): Promise<void> => {
  const { rebuildSegmentFacts } = await import('../../functions/services/segment-facts-service.js');
  const { readClinicChunks, replaceClinicFacts } = await import('../../functions/adapters/dynamo/segment-facts-repository.js');
  await rebuildSegmentFacts(tenantId);
  const today = localDay(new Date(), zone);
  const facts = (await readClinicChunks(tenantId, clinicId, { consistent: true, withKpi: true })).flatMap((c) => c.patients);
  const patched = facts.map((f) => {
    if (!patientIds.has(f.patientId)) return f;
    const { nextAppointmentDay: _n, ...rest } = f;
    return { ...rest, firstVisitDay: addDays(today, -800), lastVisitDay: addDays(today, -400), visitCount: 3, totalSpendFen: 500_000, recentVisitDays: [addDays(today, -600), addDays(today, -400)], marketingConsent: true, optedOut: false };
  });
  await replaceClinicFacts(tenantId, clinicId, patched, new Date().toISOString());
};

/** The last 10:00 on the clinic's clock that has passed: inside every sending window. */
const lastTenOClock = (): Date => {
  const today = localDay(new Date(), zone);
  const at = new Date(`${today}T02:00:00.000Z`); // 10:00 in Shanghai (UTC+8, no DST)
  return at.getTime() <= Date.now() ? at : new Date(at.getTime() - 86_400_000);
};

const runCampaignRunner = async (): Promise<void> => {
  const { bus } = session.twin;
  bus.deliver('campaign-runner', {
    ...bus.scheduledEvent('campaign-runner'),
    source: runJobEvent.source,
    'detail-type': runJobEvent.detailType,
    time: lastTenOClock().toISOString(),
    detail: { job: 'campaign-runner', tenantId, requestedBy: 'e2e' },
  });
  await bus.idle();
};

const checkAxe = async (page: Page, selector: string, label: string, found: string[]): Promise<void> => {
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(100);
    for (const v of await axeViolations(page, selector)) found.push(`${label} @${width}: ${v}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    if (overflow > width) found.push(`${label} @${width}: scrolls sideways (${overflow}px)`);
  }
};

describe('dashboard: a campaign from segment to results', () => {
  beforeAll(async () => {
    session = await openDashboard();
    ({ context } = session);
    const owner = await demoToken(session.twin, 'owner@demo.local');
    const me = await request<{ tenantId: string; clinics: { clinicId: string }[] }>(owner, 'GET', '/me');
    tenantId = me.tenantId;
    clinicId = me.clinics[0]?.clinicId ?? '';
    await request(owner, 'POST', '/coupon-definitions', { name: '老友回归券', value: { kind: 'amount', amountFen: 10_000 }, minSpendFen: 0, validity: { days: 30 } });
    const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };
    const ids = new Set<string>();
    for (let i = 0; i < patientCount; i += 1) {
      const phone = `1367788${String(1000 + i).padStart(4, '0')}`;
      ids.add((await request<{ patientId: string }>(owner, 'POST', '/patients', { name: `回访${String(i).padStart(2, '0')}`, phone, clinicId, consents })).patientId);
    }
    await makeDormantHighValue(clinicId, ids);
    patientIds = [...ids];
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('marketing builds the segment and the campaign; the owner approves; the run completes; results show sent, held out and the interval', async () => {
    const problems: string[] = [];
    const axe: string[] = [];
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, session.twin, 'marketing@demo.local');

    // the segment, on the Segments page (it expresses all four conditions)
    await page.goto(`${session.twin.url}/#/segments`);
    await page.getByTestId('seg-add').selectOption('activity');
    await page.getByTestId('seg-row-activity').locator('input[value="dormant"]').check();
    await page.getByTestId('seg-add').selectOption('totalSpend');
    await page.getByTestId('seg-row-totalSpend').getByTestId('seg-min').fill('2000');
    await page.getByTestId('seg-add').selectOption('marketingConsent');
    await page.getByTestId('seg-row-marketingConsent').getByTestId('seg-flag').selectOption('yes');
    await page.getByTestId('seg-add').selectOption('upcomingAppointment');
    await page.getByTestId('seg-row-upcomingAppointment').getByTestId('seg-flag').selectOption('no');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="seg-count"]')?.getAttribute('data-count')) >= n, patientCount, { timeout: 20_000 });
    await page.getByTestId('seg-name').fill('沉睡高价值·可营销·无预约');
    await page.getByTestId('seg-save').click();
    await page.getByTestId('seg-saved-ok').waitFor();

    // the list, then the wizard
    await page.goto(`${session.twin.url}/#/campaigns`);
    await page.getByTestId('campaigns-none').waitFor();
    await checkAxe(page, '[data-testid="campaigns-page"]', 'list (empty)', axe);
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('cmp-segment').selectOption({ label: '沉睡高价值·可营销·无预约' });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="cmp-audience"]')?.getAttribute('data-count')) >= n, patientCount);
    await checkAxe(page, '[data-testid="campaign-builder"]', 'builder: audience', axe);

    await page.getByTestId('wizard-next').click();
    const template = page.getByTestId('cmp-template');
    // a treatment word is refused as it is typed (POST /campaigns/preview)
    await template.fill('{姓名}您好，种植牙限时优惠');
    await page.getByTestId('cmp-problem').filter({ hasText: '种植' }).waitFor();
    await template.fill('{姓名}您好，好久不见！{门店}送您一张');
    await page.getByTestId('chip-优惠券').click();
    await template.press('End');
    await template.pressSequentially('，{有效期}前到店可用，预约请致电{预约电话}');
    expect(await template.inputValue()).toContain('{优惠券}');
    expect(await page.getByTestId('cmp-counter').textContent()).toMatch(/\d+ 字，\d+ 条短信/);
    expect(await page.getByTestId('cmp-preview').textContent()).toContain('回访');
    await page.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(page, 'tests/e2e/screenshots/campaign-builder-message-390.png');
    await checkAxe(page, '[data-testid="campaign-builder"]', 'builder: message', axe);

    await page.getByTestId('wizard-next').click();
    await page.getByTestId('cmp-coupon').selectOption({ label: '老友回归券 · ¥100.00' });
    await page.getByTestId('cmp-holdout').fill('10');
    await page.getByTestId('cmp-power').getByText(/约需 \d+ 人/).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(page, 'tests/e2e/screenshots/campaign-builder-offer-390.png');
    await checkAxe(page, '[data-testid="campaign-builder"]', 'builder: offer and holdout', axe);

    await page.getByTestId('wizard-next').click();
    await page.getByTestId('cmp-schedule-now').check();
    await page.getByTestId('cmp-throttle').fill('10000');
    await checkAxe(page, '[data-testid="campaign-builder"]', 'builder: schedule', axe);
    // no name yet: the API's field error opens the first step and stands next to the field
    await page.getByTestId('campaign-submit').click();
    await page.getByTestId('field-error-name').waitFor();
    expect(await page.getByTestId('step-audience').getAttribute('aria-current')).toBe('step');
    await checkAxe(page, '[data-testid="campaign-builder"]', 'builder: field error', axe);
    await page.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(page, 'tests/e2e/screenshots/campaign-builder-error-390.png');
    await page.getByTestId('cmp-name').fill('沉睡唤醒·老友回归');
    await page.getByTestId('campaign-submit').click();
    await page.getByTestId('campaign-detail').waitFor();
    await expect.poll(() => page.getByTestId('campaign-status').getAttribute('data-status')).toBe('awaiting-approval');
    expect(await page.getByTestId('campaign-approve').count()).toBe(0);
    const campaignId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    await checkAxe(page, '[data-testid="campaign-detail"]', 'detail: awaiting approval', axe);

    // the owner approves
    const owner = await context.newPage();
    owner.on('pageerror', (error) => problems.push(String(error)));
    await signIn(owner, session.twin, 'owner@demo.local');
    await owner.goto(`${session.twin.url}/#/campaigns/${campaignId}`);
    await owner.getByTestId('campaign-approve').click();
    await expect.poll(() => owner.getByTestId('campaign-status').getAttribute('data-status')).toBe('scheduled');
    await owner.getByTestId('campaign-approved').waitFor();

    // the runner, as the scheduler would start it
    await runCampaignRunner();
    await owner.reload();
    await expect.poll(() => owner.getByTestId('campaign-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('completed');
    const sent = Number(await owner.getByTestId('progress-sent').textContent());
    const heldOut = Number(await owner.getByTestId('progress-held-out').textContent());
    expect(sent).toBeGreaterThan(0);
    expect(heldOut).toBeGreaterThan(0);
    expect(sent + heldOut).toBeLessThanOrEqual(patientCount + 20);
    const lift = owner.getByTestId('lift-interval');
    await lift.waitFor();
    expect(Number(await lift.getAttribute('data-low'))).toBeLessThanOrEqual(Number(await lift.getAttribute('data-high')));
    expect(await lift.textContent()).toMatch(/95% 置信区间/);
    expect(await owner.getByTestId('result-holdout-n').textContent()).toBe(String(heldOut));
    expect(await owner.getByTestId('campaign-verdict').textContent()).toContain('尚无定论');
    await owner.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(owner, 'tests/e2e/screenshots/campaign-results-390.png');

    // every campaign page, both languages, both widths
    for (const locale of ['zh-CN', 'en'] as const) {
      await page.evaluate((l) => localStorage.setItem('smileloop.locale', l), locale);
      await page.goto(`${session.twin.url}/#/campaigns`);
      await page.reload();
      await page.getByTestId('campaign-row').first().waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(page, `tests/e2e/screenshots/campaigns-list-${locale}-390.png`);
      await checkAxe(page, '[data-testid="campaigns-page"]', `list ${locale}`, axe);
      await page.goto(`${session.twin.url}/#/campaigns/new`);
      await page.getByTestId('cmp-name').waitFor();
      await checkAxe(page, '[data-testid="campaign-builder"]', `builder ${locale}`, axe);
      await page.goto(`${session.twin.url}/#/campaigns/${campaignId}`);
      await page.getByTestId('lift-interval').waitFor();
      await checkAxe(page, '[data-testid="campaign-detail"]', `results ${locale}`, axe);
    }
    expect(await page.getByTestId('lift-interval').textContent()).toMatch(/95% interval/);
    expect(axe).toEqual([]);
    expect(problems).toEqual([]);
  }, 300_000);

  it("a monthly campaign's results: the latest month shown, an earlier month chosen on the results card", async () => {
    const { ulid } = await import('ulid');
    const { campaignInputSchema } = await import('../../shared/schemas/campaigns.js');
    const { saveCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const input = campaignInputSchema.parse({ name: '每月会员日', segmentId: 'SEG-MONTHLY', holdoutPercent: 20, variants: [{ key: 'A', template: '{姓名}您好，本月会员日到店有礼', percent: 100 }], schedule: { kind: 'monthly', dayOfMonth: 1, hour: 10 } });
    const campaignId = ulid();
    await saveCampaign(tenantId, { ...input, campaignId, status: 'scheduled', version: 1, createdAt: new Date().toISOString(), createdBy: 'e2e' });
    const members = (count: number) => patientIds.slice(0, count).map((patientId) => ({ patientId, clinicId, householdKey: `hh-${patientId}` }));
    const run = (now: Date, count: number) => runCampaign(tenantId, campaignId, now, { audience: async () => members(count), exclude: async () => undefined, sleep: async () => undefined });
    const thisMonth = lastTenOClock();
    const earlier = new Date(thisMonth.getTime() - 40 * 86_400_000);
    await run(earlier, 30);
    await run(thisMonth, 50);

    const problems: string[] = [];
    const axe: string[] = [];
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, session.twin, 'marketing@demo.local');
    await page.goto(`${session.twin.url}/#/campaigns/${campaignId}`);
    const choice = page.getByTestId('results-run');
    await choice.waitFor();
    const reached = async () => Number(await page.getByTestId('result-variant-A-n').textContent()) + Number(await page.getByTestId('result-holdout-n').textContent());
    expect(await choice.inputValue()).toBe(localDay(thisMonth, zone).slice(0, 7));
    expect(await reached()).toBe(50);
    await choice.selectOption(localDay(earlier, zone).slice(0, 7));
    await expect.poll(reached).toBe(30);
    for (const locale of ['zh-CN', 'en'] as const) {
      await page.evaluate((l) => localStorage.setItem('smileloop.locale', l), locale);
      await page.reload();
      await choice.waitFor();
      await checkAxe(page, '[data-testid="campaign-results"]', `monthly results ${locale}`, axe);
    }
    expect(axe).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
