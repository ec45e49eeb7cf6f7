/**
 * The engagement screens in a real browser (issue 13): the owner records, moves on and resolves a
 * complaint; sends a survey link that the patient answers on its own page (no login), and the NPS
 * follows; a questionnaire link brings a high-value lead (预算2万以上 + 关注隐私), which is suggested
 * to the senior consultant once one is named, handed to them and made a patient; marketing sees
 * the leads with phones masked; the front desk gives an unmatched SMS reply to a patient and
 * dismisses another, so the list empties. Every screen at 1440 and 390 px, in Chinese and English:
 * no sideways scroll and no serious or critical axe finding. Needs dashboard/dist.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.js';
import { apiRequest, demoToken, openDashboard, shoot, signIn, type DashboardSession } from './support/dashboard-session.js';
import { checkScreen } from './support/screen-check.js';
import { axeViolations } from './support/axe.js';

let session: DashboardSession;

const newPatient = async (name: string, phone: string): Promise<Patient> => {
  const owner = await demoToken(session.twin, 'owner@demo.local');
  const me = await apiRequest<{ clinics: { clinicId: string; name: string }[] }>(session.twin, owner, 'GET', '/me');
  const jingan = me.clinics.find((c) => c.name === '静安店')?.clinicId ?? '';
  return apiRequest<Patient>(session.twin, owner, 'POST', '/patients', { name, phone, clinicId: jingan, consents: { care: { granted: true, source: 'paper-form' } } });
};

const pickPatient = async (page: Page, testid: string, name: string): Promise<void> => {
  await page.getByTestId(`${testid}-search`).fill(name);
  await page.getByTestId(`${testid}-option`).filter({ hasText: name }).first().click();
};

describe('dashboard: feedback, leads and unmatched replies', () => {
  beforeAll(async () => {
    session = await openDashboard();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the owner records, moves on and resolves a complaint', async () => {
    const patient = await newPatient('反馈测试甲', '13766660001');
    const page = await session.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signIn(page, session.twin, 'owner@demo.local');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${session.twin.url}/#/feedback`);
    await page.getByTestId('complaint-new').click();
    await page.getByTestId('cp-submit').click();
    await page.getByTestId('field-error-patientId').waitFor();
    await pickPatient(page, 'cp-patient', patient.name);
    await page.getByTestId('cp-category').selectOption('waiting-time');
    await page.getByTestId('cp-severity').selectOption('high');
    await page.getByTestId('cp-submit').click();
    await page.getByTestId('field-error-description').waitFor();
    await page.getByTestId('cp-description').fill('候诊一个多小时没人解释');
    await page.getByTestId('cp-submit').click();
    const row = page.getByTestId('complaint-row').filter({ hasText: patient.name });
    await row.waitFor();
    expect(await row.getByTestId('complaint-status').textContent()).toBe('待处理');

    await row.getByTestId('complaint-edit').click();
    await page.getByTestId('ce-status').selectOption('in-progress');
    await page.getByTestId('ce-owner').selectOption({ index: 1 });
    await page.getByTestId('ce-submit').click();
    await expect.poll(() => row.getByTestId('complaint-status').textContent()).toBe('处理中');
    expect(await row.textContent()).toContain('王院长');
    const problems = await checkScreen(page, '[data-testid="feedback-page"]', 'complaints', () => row.waitFor());
    expect(problems).toEqual([]);
    await shoot(page, 'feedback-complaints', [1280, 390]);

    await row.getByTestId('complaint-edit').click();
    await page.getByTestId('ce-status').selectOption('resolved');
    await page.getByTestId('ce-submit').click();
    await page.getByTestId('field-error-resolution').waitFor();
    await page.getByTestId('ce-resolution').fill('已致电道歉，下次预约优先安排');
    await page.getByTestId('ce-submit').click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('complaint-filter-resolved').click();
    await page.getByTestId('complaint-row').filter({ hasText: '已致电道歉' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('a survey link is answered by the patient on its own page, and the NPS follows', async () => {
    const patient = await newPatient('反馈测试乙', '13766660002');
    const page = await session.context.newPage();
    await signIn(page, session.twin, 'owner@demo.local');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${session.twin.url}/#/feedback?tab=surveys`);
    await page.getByTestId('nps-summary').waitFor();
    expect(await page.getByTestId('nps-value').textContent()).toBe('—');
    await page.getByTestId('survey-send').click();
    await pickPatient(page, 'sv-patient', patient.name);
    await page.getByTestId('sv-submit').click();
    const link = await page.getByTestId('sv-link').inputValue();
    expect(link).toMatch(/#\/p\/survey\/[A-Za-z0-9._-]+$/);
    await page.getByTestId('sv-done').click();

    // The patient's phone: no login, 390 px, axe clean, in both languages.
    const patientPage = await session.context.browser()?.newContext() ?? session.context;
    const phone = await patientPage.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(link);
    await phone.getByTestId('pub-survey').waitFor();
    const publicProblems = await checkScreen(phone, 'body', 'public survey', () => phone.getByTestId('pub-survey').waitFor());
    await phone.setViewportSize({ width: 390, height: 844 });
    await shoot(phone, 'public-survey', [390]);
    await phone.getByTestId('ps-submit').click();
    expect(await phone.locator('.error').count()).toBe(2);
    await phone.getByTestId('ps-score-5').check({ force: true });
    await phone.getByTestId('ps-nps-10').check({ force: true });
    await phone.getByTestId('ps-comment').fill('医生很耐心');
    await phone.getByTestId('ps-submit').click();
    await phone.getByTestId('pub-thanks').waitFor();
    await phone.reload();
    await phone.getByTestId('pub-thanks').waitFor();
    expect(publicProblems).toEqual([]);

    await page.reload();
    await expect.poll(() => page.getByTestId('nps-value').textContent()).toBe('+100');
    const answer = page.getByTestId('survey-row').filter({ hasText: patient.name });
    expect(await answer.textContent()).toContain('医生很耐心');
    const problems = await checkScreen(page, '[data-testid="feedback-page"]', 'surveys', () => page.getByTestId('survey-row').first().waitFor());
    expect(problems).toEqual([]);
    await shoot(page, 'feedback-surveys', [1280, 390]);
    await page.close();
  }, 240_000);

  it('a questionnaire brings a high-value lead, suggested to the senior consultant, handed over and made a patient', async () => {
    const page = await session.context.newPage();
    await signIn(page, session.twin, 'owner@demo.local');
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${session.twin.url}/#/leads`);
    await page.getByTestId('leads-empty').waitFor();
    await page.getByTestId('il-submit').click();
    await page.getByTestId('field-error-label').waitFor();
    await page.getByTestId('il-label').fill('大众点评店铺页');
    await page.getByTestId('il-channel').selectOption('dianping');
    await page.getByTestId('il-submit').click();
    const linkRow = page.getByTestId('intake-link').filter({ hasText: '大众点评店铺页' });
    await linkRow.waitFor();
    const href = await linkRow.locator('a').getAttribute('href');
    expect(href).toMatch(/#\/p\/intake\//);

    const visitor = await (session.context.browser()?.newContext() ?? session.context);
    const form = await visitor.newPage();
    await form.setViewportSize({ width: 390, height: 844 });
    await form.goto(href ?? '');
    await form.getByTestId('pub-intake').waitFor();
    const publicProblems = await checkScreen(form, 'body', 'public intake', () => form.getByTestId('pub-intake').waitFor());
    await form.setViewportSize({ width: 390, height: 844 });
    await shoot(form, 'public-intake', [390]);
    await form.getByTestId('pi-name').fill('林女士');
    await form.getByTestId('pi-phone').fill('138 0013 9999');
    await form.getByTestId('pi-budget-over-20000').check();
    await form.getByTestId('pi-priority-privacy').check();
    await form.getByTestId('pi-interest-implant').check();
    await form.getByTestId('pi-submit').click();
    await form.getByTestId('field-error-contactConsent').or(form.locator('.error')).first().waitFor();
    await form.getByTestId('pi-contact').check();
    await form.getByTestId('pi-submit').click();
    await form.getByTestId('pub-thanks').waitFor();
    expect(publicProblems).toEqual([]);

    await page.reload();
    const lead = page.getByTestId('lead-row').filter({ hasText: '林女士' });
    await lead.waitFor();
    expect(await lead.getAttribute('data-tier')).toBe('high-value');
    await lead.getByTestId('lead-high-value').waitFor();
    await lead.getByTestId('lead-no-senior').waitFor();
    const routing = page.getByTestId('lead-routing');
    await routing.getByRole('checkbox', { name: /李店长/ }).check();
    await page.getByTestId('seniors-save').click();
    await lead.getByTestId('lead-assign-suggested').waitFor();
    expect(await lead.getByTestId('lead-assign-suggested').textContent()).toContain('李店长');
    await lead.getByTestId('lead-assign-suggested').click();
    await expect.poll(async () => lead.getByTestId('lead-assignee').locator('option:checked').textContent()).toContain('李店长');

    const problems = await checkScreen(page, '[data-testid="leads-page"]', 'leads', () => page.getByTestId('lead-row').first().waitFor());
    expect(problems).toEqual([]);
    await shoot(page, 'leads', [1280, 390]);

    // Marketing: the same lead, phone masked, no hand-over.
    const marketing = await (session.context.browser()?.newContext() ?? session.context);
    const mk = await marketing.newPage();
    await signIn(mk, session.twin, 'marketing@demo.local');
    await mk.goto(`${session.twin.url}/#/leads`);
    const seen = mk.getByTestId('lead-row').filter({ hasText: '林女士' });
    await seen.waitFor();
    expect(await seen.getByTestId('lead-phone').textContent()).toBe('138****9999');
    expect(await seen.getByTestId('lead-assignee').count()).toBe(0);
    await mk.close();

    await page.getByTestId('lead-row').filter({ hasText: '林女士' }).getByTestId('lead-convert').click();
    await page.getByTestId('lead-row').filter({ hasText: '林女士' }).waitFor({ state: 'detached' });
    await page.getByTestId('lead-filter-converted').click();
    await page.getByTestId('lead-row').filter({ hasText: '林女士' }).getByTestId('lead-patient').waitFor();
    await page.close();
  }, 300_000);

  it('the front desk gives an unmatched reply to a patient and dismisses another: the list empties', async () => {
    const patient = await newPatient('反馈测试丙', '13766660003');
    const owner = await demoToken(session.twin, 'owner@demo.local');
    for (const [from, body] of [['13900007771', '我是王阿姨的女儿，帮妈妈改到周六'], ['13900007772', '退订广告谢谢']]) {
      expect((await apiRequest<{ outcome: string }>(session.twin, owner, 'POST', '/dev/sms-replies', { from, body })).outcome).toBe('unmatched');
    }
    const page = await session.context.newPage();
    await signIn(page, session.twin, 'frontdesk@demo.local');
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${session.twin.url}/#/tasks`);
    await page.getByTestId('unmatched-row').first().waitFor();
    const problems = await checkScreen(page, '[data-testid="unmatched-replies"]', 'unmatched replies', () => page.getByTestId('unmatched-row').first().waitFor());
    expect(problems).toEqual([]);

    await shoot(page, 'unmatched-replies', [390]);
    const daughter = page.getByTestId('unmatched-row').filter({ hasText: '王阿姨的女儿' });
    await daughter.getByTestId('unmatched-assign').click();
    await page.getByTestId('ra-submit').click();
    await page.getByTestId('field-error-patientId').waitFor();
    await pickPatient(page, 'ra-patient', patient.name);
    expect((await axeViolations(page, '[data-testid="reply-assign-dialog"]')).filter((v) => /\((serious|critical)\)/.test(v))).toEqual([]);
    await page.getByTestId('ra-submit').click();
    await daughter.waitFor({ state: 'detached' });
    await page.getByTestId('unmatched-row').filter({ hasText: '退订广告' }).getByTestId('unmatched-dismiss').click();
    await page.getByTestId('unmatched-empty').waitFor();

    const desk = await demoToken(session.twin, 'frontdesk@demo.local');
    const tasks = await apiRequest<{ items: { patientId: string; replyText?: string }[] }>(session.twin, desk, 'GET', `/tasks?clinicId=${patient.clinicId}&assignee=all&limit=200`);
    expect(tasks.items.find((t) => t.patientId === patient.patientId)?.replyText).toBe('我是王阿姨的女儿，帮妈妈改到周六');
    await page.reload();
    await page.getByTestId('unmatched-empty').waitFor();
    await page.close();
  }, 240_000);
});
