/**
 * The import wizard in a real browser against the local twin: the owner uploads a small CSV with
 * Chinese headers and a few bad rows, reads the dry-run report (rejected rows first, with
 * reasons), runs the import to 100%, and finds an imported patient by phone. Needs a built
 * dashboard (dashboard/dist) and a Chromium (support/chromium-choice.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken, openDashboard, shoot, signIn as signInAs, type DashboardSession } from './support/dashboard-session.js';
import { handWorkbook, inlineRow } from '../fixtures/imports/files.js';


// this run's people: random digits so the phones belong to nobody the demo seed made
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
const block = digits(4);
const people = {
  sun: { name: `孙丽${digits(2)}`, phone: `139${block}1001` },
  zhao: { name: `赵强${digits(2)}`, phone: `139${block}1002` },
  qian: { name: `钱多${digits(2)}`, phone: `139${block}1003` },
};

/** The clinic's old export: Chinese headers, a typed phone with spaces, three rows that cannot go in. */
const csv = [
  '姓名,性别,手机,出生日期,首诊日期,最近就诊,项目,金额,来源',
  `${people.sun.name},女,139 ${block} 1001,1988-03-04,2022-05-01,2024-06-10,洁牙,150,美团`,
  `${people.zhao.name},男,${people.zhao.phone},1975-12-12,2021-01-01,2023-11-11,种植,12000,朋友介绍`,
  `${people.qian.name},男,${people.qian.phone},1990-02-02,2023-03-03,2024-01-05,补牙,400.50,大众点评`,
  '坏号码,男,5551234,1990-01-01,,,,,',
  `退款行,男,139${block}1005,1990-01-01,2023-01-01,2023-02-01,拔牙,-30,抖音`,
  `性别错,不男不女,139${block}1006,1990-01-01,2023-01-01,2023-02-01,拔牙,300,大众点评`,
].join('\r\n');

let session: DashboardSession;
let twin: DashboardSession['twin'];
let context: BrowserContext;
let csvDir: string;

const signIn = (page: Page, email: string): Promise<void> => signInAs(page, twin, email);


describe('dashboard: import wizard', () => {
  beforeAll(async () => {
    csvDir = mkdtempSync(join(tmpdir(), 'smileloop-import-'));
    writeFileSync(join(csvDir, '老系统患者.csv'), `\ufeff${csv}\r\n`, 'utf8');
    session = await openDashboard({ acceptDownloads: true });
    ({ twin, context } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    if (csvDir) rmSync(csvDir, { recursive: true, force: true });
  }, 60_000);

  it('owner uploads a CSV, reads the dry run, imports it and finds a patient by phone', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, 'owner@demo.local');
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-wizard').waitFor();
    // the clinic the import goes to: the one the switcher shows
    const clinicId = await page.getByTestId('import-clinic').inputValue();
    expect(clinicId).not.toBe('');

    await page.getByTestId('import-file').setInputFiles(join(csvDir, '老系统患者.csv'));
    await shoot(page, 'import-file');
    await page.getByTestId('import-upload').click();

    // the server's suggested mapping is pre-selected
    await page.getByTestId('import-mapping-step').waitFor();
    const mapping = async (header: string) => page.locator(`[data-testid="mapping-row"][data-header="${header}"]`).getByTestId('mapping-select').inputValue();
    expect(await mapping('姓名')).toBe('name');
    expect(await mapping('手机')).toBe('phone');
    expect(await mapping('最近就诊')).toBe('lastVisitDate');
    expect(await mapping('金额')).toBe('amount');
    expect(await mapping('来源')).toBe('channel');
    // mapping two columns to name is caught before anything is sent
    await page.locator('[data-testid="mapping-row"][data-header="来源"]').getByTestId('mapping-select').selectOption('name');
    expect(await page.getByTestId('import-dry-run').isDisabled()).toBe(true);
    await page.locator('[data-testid="mapping-row"][data-header="来源"]').getByTestId('mapping-select').selectOption('channel');
    await shoot(page, 'import-mapping', [1280, 820]);
    await page.getByTestId('import-dry-run').click();

    // the dry run: counts, and the rejected rows first with their reasons
    await page.getByTestId('import-report-step').waitFor();
    expect(await page.getByTestId('count-rows').getAttribute('data-value')).toBe('6');
    expect(await page.getByTestId('count-created').getAttribute('data-value')).toBe('3');
    expect(await page.getByTestId('count-rejected').getAttribute('data-value')).toBe('3');
    const rows = page.getByTestId('report-row');
    expect(await rows.count()).toBe(6);
    const statuses = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
    expect(statuses).toEqual(['rejected', 'rejected', 'rejected', 'created', 'created', 'created']);
    const rejected = page.locator('[data-testid="report-row"][data-status="rejected"]');
    const fieldsOf = async (row: number) =>
      page.locator(`[data-testid="report-row"][data-row="${row}"]`).getByTestId('report-problem').evaluateAll((els) => els.map((el) => el.getAttribute('data-field')));
    // spreadsheet rows: the header is row 1
    expect(await fieldsOf(5)).toEqual(['phone']);
    expect(await fieldsOf(6)).toEqual(['amount']);
    expect(await fieldsOf(7)).toEqual(['gender']);
    for (const text of await rejected.getByTestId('report-problem').allTextContents()) expect(text.length).toBeGreaterThan(4);
    expect(await page.locator('[data-testid="report-row"][data-row="6"]').textContent()).toContain('不能为负数');
    await shoot(page, 'import-dry-run', [1280, 820]);

    // run: the progress bar is fed by GET /imports/{id} until the run is done
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-run-step').waitFor();
    await page.locator('[data-testid="import-run-step"][data-status="completed"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-progress').getAttribute('data-percent')).toBe('100');
    expect(await page.getByTestId('import-percent').textContent()).toBe('100%');
    expect(await page.getByTestId('import-done').textContent()).toContain('新建 3 位患者');
    await page.waitForTimeout(500); // the bar's width transition
    await shoot(page, 'import-done');

    // the imported patient is there, phone normalized to E.164
    await page.getByTestId('import-view-patients').click();
    await page.getByTestId('patient-search').fill(`139 ${block} 1001`);
    await page.locator(`[data-testid="patient-results"][data-query="139 ${block} 1001"][data-loading="false"]`).waitFor();
    const row = page.getByTestId('patient-row').filter({ hasText: people.sun.name });
    await row.waitFor();
    expect(await row.getByTestId('patient-phone').textContent()).toBe(`+86${people.sun.phone}`);
    expect(await page.getByTestId('patient-row').count()).toBe(1);
    await shoot(page, 'import-found');

    // the imported visit is on the profile timeline
    await row.getByTestId('patient-link').click();
    await page.getByTestId('timeline').waitFor();
    const visit = page.getByTestId('tl-visit').first();
    await visit.waitFor();
    expect(await visit.getByTestId('tl-visit-total').textContent()).toBe('¥150.00');
    expect(await visit.textContent()).toContain('历史导入');

    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('picks another sheet of a workbook, skips its total line and leaves a phone the clinic knows under another name to a person', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await signIn(page, 'owner@demo.local');
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-wizard').waitFor();
    const clinicId = await page.getByTestId('import-clinic').inputValue();
    // a patient of the clinic whose phone the file gives under another name
    const known = { name: `周原${digits(2)}`, phone: `139${block}2001` };
    const token = await demoToken(twin, 'owner@demo.local');
    const created = await fetch(`${twin.url}/api/patients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: known.name, phone: known.phone, clinicId }),
    });
    expect(created.status).toBe(201);
    const book = handWorkbook([
      { name: '说明', xml: '<sheetData/>' },
      { name: '患者', xml: `<sheetData>${inlineRow(1, ['姓名', '手机'])}${inlineRow(2, [`甲${digits(2)}`, `139${block}2002`])}</sheetData>` },
      {
        name: '会员',
        xml: `<sheetData>${inlineRow(1, ['姓名', '手机', '累计消费'])}${inlineRow(2, [`乙${digits(2)}`, `139${block}2003`, '800'])}${inlineRow(3, ['别名丙', known.phone, '300'])}${inlineRow(4, ['合计', '', '1100'])}</sheetData>`,
      },
    ]);
    writeFileSync(join(csvDir, '会员档案.xlsx'), book);
    await page.getByTestId('import-file').setInputFiles(join(csvDir, '会员档案.xlsx'));
    await page.getByTestId('import-upload').click();

    // the first sheet that holds anything is read; the person picks another
    await page.getByTestId('import-mapping-step').waitFor();
    const sheet = page.getByTestId('import-sheet-select');
    expect(await sheet.inputValue()).toBe('患者');
    expect(await sheet.locator('option').allTextContents()).toEqual(['说明', '患者', '会员']);
    await sheet.selectOption('会员');
    await page.locator('[data-testid="mapping-row"][data-header="累计消费"]').waitFor();
    expect(await sheet.inputValue()).toBe('会员');
    expect(await page.locator('[data-testid="mapping-row"][data-header="累计消费"]').getByTestId('mapping-select').inputValue()).toBe('totalSpend');
    await page.getByTestId('import-dry-run').click();

    await page.getByTestId('import-report-step').waitFor();
    expect(await page.getByTestId('count-created').getAttribute('data-value')).toBe('1');
    expect(await page.getByTestId('count-skipped').getAttribute('data-value')).toBe('1');
    expect(await page.getByTestId('count-needs-review').getAttribute('data-value')).toBe('1');
    const review = page.locator('[data-testid="report-row"][data-row="3"]');
    expect(await review.getAttribute('data-status')).toBe('needs-review');
    expect(await review.getByTestId('report-same-phone').textContent()).toContain(known.name);
    expect(await page.locator('[data-testid="report-row"][data-row="4"]').getAttribute('data-status')).toBe('skipped');
    expect(await page.locator('[data-testid="report-row"][data-row="4"]').textContent()).toContain('合计或表尾行');
    await shoot(page, 'import-review', [390, 1280]);

    // the patient form warns the same way: the phone is that patient's; the person decides
    await page.goto(`${twin.url}/#/patients/new`);
    await page.getByTestId('patient-form').waitFor();
    expect(await page.locator('#pf-clinic').count() === 0 || (await page.getByTestId('pf-clinic').inputValue()) === clinicId).toBe(true);
    await page.getByTestId('pf-name').fill('别名丙');
    await page.getByTestId('pf-phone').fill(known.phone);
    await page.getByTestId('pf-submit').click();
    const warning = page.getByTestId('form-duplicate-phone');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('本门店已有患者使用此手机号');
    expect(await warning.textContent()).toContain(known.name);
    expect(await page.getByTestId('duplicate-patient-link').count()).toBe(1);
    await shoot(page, 'patient-duplicate-phone', [390, 1280]);
    await page.getByTestId('pf-create-anyway').click();
    await page.waitForURL((url) => !url.hash.startsWith('#/patients/new'));
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('exports the clinic’s patients as .xlsx', async () => {
    const page = await context.newPage();
    await signIn(page, 'owner@demo.local');
    await page.getByTestId('nav-import').click();
    await page.getByTestId('export-panel').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-patients').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await page.getByTestId('export-done').waitFor();
    await page.close();
  }, 60_000);
});
