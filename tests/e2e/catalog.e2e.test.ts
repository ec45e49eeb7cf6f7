/**
 * The owner's Catalog and Clinics screens in a real browser (issue 13): the owner edits a recall
 * rule (a 0-month interval is refused at the field), adds a follow-up call and sets the clinic's
 * price; a save from an old read says someone else changed it; a manager sets only their clinic's
 * price; the front desk and dentists have neither page. On Clinics the owner fixes a day that
 * closes before it opens, adds chairs, a reply number and a signature, and opens a clinic; a
 * manager sees only theirs. Every screen (and each dialog) at 1440 and 390 px, in Chinese and
 * English: no sideways scroll and no serious or critical axe finding. Needs dashboard/dist.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { apiRequest, demoToken, openDashboard, signIn, type DashboardSession } from './support/dashboard-session.js';
import { axeViolations } from './support/axe.js';

let session: DashboardSession;

const widthAndAxe = async (page: Page, selector: string, label: string): Promise<string[]> => {
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  const wide = scrollWidth > innerWidth ? [`${label}: ${scrollWidth}px wide`] : [];
  const serious = (await axeViolations(page, selector)).filter((v) => /\((serious|critical)\)/.test(v));
  return [...wide, ...serious.map((v) => `${label}: ${v}`)];
};

/** The page, and the dialog `open` opens on it, at both widths in both languages. */
const checkScreen = async (page: Page, label: string, ready: () => Promise<unknown>, open: () => Promise<unknown>, dialog: string): Promise<string[]> => {
  const problems: string[] = [];
  for (const locale of ['zh-CN', 'en']) {
    await page.evaluate((l) => localStorage.setItem('smileloop.locale', l), locale);
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.reload();
      await ready();
      problems.push(...(await widthAndAxe(page, 'main', `${label} ${locale} ${width}px`)));
      await open();
      problems.push(...(await widthAndAxe(page, dialog, `${label} dialog ${locale} ${width}px`)));
    }
  }
  await page.evaluate(() => localStorage.setItem('smileloop.locale', 'zh-CN'));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.reload();
  await ready();
  return problems;
};

const token = (role: string) => demoToken(session.twin, `${role}@demo.local`);
const procedureByCode = async (code: string): Promise<Procedure> => {
  const items = (await apiRequest<{ items: Procedure[] }>(session.twin, await token('owner'), 'GET', '/procedures?includeInactive=true')).items;
  const found = items.find((p) => p.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
};
const clinicsOf = async (role: string) => (await apiRequest<{ items: Clinic[] }>(session.twin, await token(role), 'GET', '/clinics')).items;

const openPage = async (email: string, hash: string): Promise<Page> => {
  const page = await session.context.newPage();
  await signIn(page, session.twin, email);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${session.twin.url}/#/${hash}`);
  return page;
};
const row = (page: Page, code: string) => page.locator(`[data-testid="procedure-row"][data-code="${code}"]`);

describe('dashboard: catalog and clinics', () => {
  beforeAll(async () => {
    session = await openDashboard();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the owner edits a recall rule, a follow-up step and the clinic’s price; an old read is told to reload', async () => {
    const page = await openPage('owner@demo.local', 'catalog');
    const ready = () => row(page, 'perio-therapy').waitFor();
    await ready();
    const openEdit = async () => {
      await row(page, 'perio-therapy').getByTestId('procedure-edit').click();
      await page.getByTestId('procedure-dialog').waitFor();
    };
    expect(await checkScreen(page, 'catalog', ready, openEdit, '[data-testid="procedure-dialog"]')).toEqual([]);

    await openEdit();
    await page.getByTestId('recall-months').fill('0');
    await page.getByTestId('procedure-save').click();
    await page.getByTestId('field-error-recall.months').waitFor();
    expect(await page.getByTestId('field-error-recall.months').textContent()).toContain('1–60');
    await page.getByTestId('recall-months').fill('4');
    await page.getByTestId('step-add').click();
    const step = page.getByTestId('pathway-step').last();
    await step.getByTestId('step-day').fill('5');
    await step.getByTestId('step-action').selectOption('call');
    await step.getByTestId('step-topic').fill('perio-recheck');
    await page.getByTestId('pr-clinic-price').fill('700');
    await page.getByTestId('procedure-save').click();
    await page.getByTestId('catalog-saved').waitFor();
    expect(await row(page, 'perio-therapy').getByTestId('recall-summary').textContent()).toContain('4');
    expect(await row(page, 'perio-therapy').getByTestId('pathway-summary').textContent()).toContain('第 5 天');
    expect(await row(page, 'perio-therapy').getByTestId('clinic-price').textContent()).toContain('¥700.00');
    const perio = await procedureByCode('perio-therapy');
    expect(perio.recall).toEqual({ kind: 'interval', group: 'perio', months: 4 });
    expect(perio.carePathway.at(-1)).toEqual({ offsetDays: 5, action: 'call', topic: 'perio-recheck' });
    expect(Object.values(perio.clinicPrices)).toContain(70_000);

    // someone else saves the cleaning price while the owner has it open
    await row(page, 'cleaning').getByTestId('procedure-edit').click();
    const cleaning = await procedureByCode('cleaning');
    await apiRequest(session.twin, await token('owner'), 'PATCH', `/procedures/${cleaning.procedureId}`, { priceFen: 16_000, version: cleaning.version });
    await page.getByTestId('pr-price').fill('170');
    await page.getByTestId('procedure-save').click();
    await page.getByTestId('procedure-stale').waitFor();
    await page.getByTestId('procedure-reload').click();
    expect(await page.getByTestId('pr-price').inputValue()).toBe('160');
    expect((await procedureByCode('cleaning')).priceFen).toBe(16_000);
    await page.close();
  });

  it('a manager sets only their clinic’s price; the front desk and dentists have no catalog or clinics page', async () => {
    const page = await openPage('manager@demo.local', 'catalog');
    await row(page, 'exam').waitFor();
    expect(await page.getByTestId('procedure-new').count()).toBe(0);
    await row(page, 'exam').getByTestId('procedure-edit').click();
    expect(await page.getByTestId('pr-name-zh').isDisabled()).toBe(true);
    await page.getByTestId('pr-clinic-price').fill('45');
    await page.getByTestId('procedure-save').click();
    await page.getByTestId('catalog-saved').waitFor();
    const [jingan] = await clinicsOf('manager');
    expect((await procedureByCode('exam')).clinicPrices[jingan?.clinicId ?? '']).toBe(4_500);
    await page.close();

    for (const role of ['frontdesk', 'dentist']) {
      const other = await openPage(`${role}@demo.local`, 'catalog');
      await other.getByTestId('no-permission').waitFor();
      expect(await other.getByTestId('nav-catalog').count(), role).toBe(0);
      expect(await other.getByTestId('nav-clinics').count(), role).toBe(0);
      await other.close();
    }
  });

  it('the owner fixes opening hours, adds chairs, a reply number and a signature, and opens a clinic', async () => {
    const page = await openPage('owner@demo.local', 'clinics');
    const card = (name: string) => page.getByTestId('clinic-card').filter({ hasText: name });
    const ready = () => card('静安店').waitFor();
    await ready();
    const openEdit = async () => {
      await card('静安店').getByTestId('clinic-edit').click();
      await page.getByTestId('clinic-dialog').waitFor();
    };
    expect(await checkScreen(page, 'clinics', ready, openEdit, '[data-testid="clinic-dialog"]')).toEqual([]);

    await openEdit();
    await page.getByTestId('hours-mon-closes').fill('08:00');
    await page.getByTestId('hours-sun-open').uncheck();
    await page.getByTestId('cl-signature').fill('静安微笑口腔诊所旗舰店真好');
    await page.getByTestId('clinic-save').click();
    await page.getByTestId('field-error-openingHours.mon').waitFor();
    await page.getByTestId('field-error-smsSignature').waitFor();
    await page.getByTestId('hours-mon-closes').fill('19:30');
    await page.getByTestId('cl-signature').fill('静安微笑');
    await page.locator('#cl-chairs').fill('1号椅');
    await page.locator('#cl-chairs').press('Enter');
    await page.locator('#cl-chairs').fill('2号椅');
    await page.locator('#cl-chairs').press('Enter');
    await page.getByTestId('cl-reply').fill('1069 0000 5555');
    await page.getByTestId('clinic-save').click();
    await page.getByTestId('clinics-saved').waitFor();
    expect(await card('静安店').getByTestId('clinic-chairs').textContent()).toBe('1号椅、2号椅');
    expect(await card('静安店').getByTestId('clinic-signature').textContent()).toBe('【静安微笑】');
    const jingan = (await clinicsOf('owner')).find((c) => c.name === '静安店');
    expect(jingan).toMatchObject({ smsSignature: '静安微笑', chairs: ['1号椅', '2号椅'], replyNumber: '106900005555', openingHours: { mon: { opens: '09:00', closes: '19:30' }, sun: null } });

    await page.getByTestId('clinic-new').click();
    await page.getByTestId('cl-name').fill('徐汇店');
    await page.getByTestId('cl-zone').fill('Mars/Olympus');
    await page.getByTestId('clinic-save').click();
    await page.getByTestId('field-error-timeZone').waitFor();
    await page.getByTestId('cl-zone').fill('Asia/Shanghai');
    await page.getByTestId('clinic-save').click();
    await card('徐汇店').waitFor();
    expect((await clinicsOf('owner')).map((c) => c.name)).toContain('徐汇店');
    await page.close();
  });

  it('a manager sees their own clinic only and cannot open one', async () => {
    const page = await openPage('manager@demo.local', 'clinics');
    await page.getByTestId('clinic-card').first().waitFor();
    expect(await page.getByTestId('clinic-card').count()).toBe(1);
    expect(await page.getByTestId('clinic-card').textContent()).toContain('静安店');
    expect(await page.getByTestId('clinic-new').count()).toBe(0);
    await page.close();
  });
});
