/**
 * Channels in a real browser (issue 14): the owner switches the demo chain to Alibaba Cloud SMS +
 * WeChat on the Automations page; a template put back to "pending" is refused at setup next to
 * the purpose it would have carried; then recall reaches a patient who follows the Official
 * Account by WeChat, another by Alibaba Cloud SMS, and the Messages page says which channel
 * carried each. Both screens at 1440 and 390 px, Chinese and English, width and axe checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.js';
import { apiRequest, demoToken, openDashboard, signIn, type DashboardSession } from './support/dashboard-session.js';
import { checkScreen } from './support/screen-check.js';

let session: DashboardSession;

beforeAll(async () => {
  session = await openDashboard();
}, 180_000);
afterAll(async () => session?.close(), 60_000);

const recallOf = async (name: string, phone: string, follows: boolean): Promise<Patient> => {
  const owner = await demoToken(session.twin, 'owner@demo.local');
  const me = await apiRequest<{ clinics: { clinicId: string; name: string }[] }>(session.twin, owner, 'GET', '/me');
  const clinicId = me.clinics.find((c) => c.name === '静安店')?.clinicId ?? '';
  const patient = await apiRequest<Patient>(session.twin, owner, 'POST', '/patients', { name, phone, clinicId, consents: { care: { granted: true, source: 'paper-form' } } });
  const tenantId = session.twin.demoTenantId ?? '';
  if (follows) {
    const { recordWechatSubscription } = await import('../../functions/adapters/dynamo/patient-repository.js');
    await recordWechatSubscription(tenantId, patient.patientId, `o-demo-${patient.patientId.toLowerCase()}`);
  }
  const { sendMessage } = await import('../../functions/services/send-pipeline.js');
  const noon = new Date(`${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())}T12:00:00+08:00`);
  const outcome = await sendMessage({ tenantId, patientId: patient.patientId, purpose: 'recall', occasion: `e2e-recall-${phone}`, ref: { kind: 'standing' }, template: '{name}您好，{clinic}提醒您复查' }, { now: noon });
  expect(outcome).toEqual({ status: 'sent' });
  return patient;
};

describe('dashboard: channels', () => {
  it('the owner switches to Alibaba Cloud SMS + WeChat; a pending template is refused at setup', async () => {
    const page = await session.context.newPage();
    await signIn(page, session.twin, 'owner@demo.local');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${session.twin.url}/#/automations`);
    const settings = page.getByTestId('channel-settings');
    await settings.waitFor();
    expect(await page.getByTestId('channel-route').filter({ has: page.locator('[data-purpose="recall"]') }).count()).toBe(0);
    await page.getByTestId('channel-demo').click();
    await page.getByTestId('channel-settings-saved').waitFor();
    expect(await page.locator('[data-testid="channel-route"][data-purpose="recall"]').getAttribute('data-route')).toBe('wechat,alibaba-sms');
    expect(await page.locator('[data-testid="channel-provider"][data-provider="wechat"]').getAttribute('data-on')).toBe('true');
    const version = await settings.getAttribute('data-version');

    await page.locator('[data-testid="channel-template"][data-key="reminder-sms"]').getByTestId('template-status').selectOption('pending');
    await page.getByTestId('channel-save').click();
    const reminderRow = page.locator('[data-testid="channel-route"][data-purpose="appointment-reminder"]');
    await reminderRow.getByRole('alert').waitFor();
    expect(await reminderRow.getByRole('alert').textContent()).toBe('渠道商尚未审核通过此消息的模板');
    expect(await settings.getAttribute('data-version')).toBe(version);
    expect(await page.getByTestId('receipt-address').textContent()).toMatch(/\/api\/channels\/alibaba-sms\/receipts\/[0-9A-Z]{26}\/[\w-]{32}$/);

    const problems = await checkScreen(page, '[data-testid="channel-settings"]', 'channels', () => page.getByTestId('channel-save').waitFor());
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);

  it('the Messages page says which channel carried each recall', async () => {
    const byWechat = await recallOf('渠道微信', '13766670001', true);
    const bySms = await recallOf('渠道短信', '13766670002', false);
    const page = await session.context.newPage();
    await signIn(page, session.twin, 'owner@demo.local');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${session.twin.url}/#/messages`);
    await page.getByTestId('messages-tab-recall').click();
    const channelOf = async (patientId: string) => page.locator(`[data-testid="ledger-row"][data-patient-id="${patientId}"]`).getByTestId('ledger-channel');
    await (await channelOf(byWechat.patientId)).waitFor();
    expect(await (await channelOf(byWechat.patientId)).getAttribute('data-channel')).toBe('wechat');
    expect(await (await channelOf(byWechat.patientId)).textContent()).toBe('经微信');
    expect(await (await channelOf(bySms.patientId)).getAttribute('data-channel')).toBe('alibaba-sms');
    // Alibaba's status report came back to the chain's receipt address.
    const delivery = page.locator(`[data-testid="ledger-row"][data-patient-id="${bySms.patientId}"]`).getByTestId('ledger-delivery');
    await session.twin.channels.reportsIdle();
    await page.reload();
    await delivery.waitFor();
    expect(await delivery.getAttribute('data-delivery')).toBe('delivered');
    const problems = await checkScreen(page, '[data-testid="messages-page"]', 'messages', () => page.getByTestId('ledger-row').first().waitFor());
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);

  it('the desk shows a patient the QR that follows the Official Account and links their record', async () => {
    const patient = await recallOf('渠道扫码', '13766670003', false);
    const page = await session.context.newPage();
    await signIn(page, session.twin, 'frontdesk@demo.local');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${session.twin.url}/#/patients/${patient.patientId}`);
    const card = page.getByTestId('wechat-qr');
    await card.waitFor();
    await card.getByTestId('wechat-qr-show').click();
    const image = card.getByTestId('wechat-qr-image');
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
    expect(await card.getByTestId('wechat-qr-state').textContent()).toContain('尚未关联微信');
    // The QR drawn encodes what the Official Account's API answered for this patient.
    const qr = session.twin.channels.wechatQrs.at(-1);
    expect(qr?.scene).toMatch(new RegExp(`^b\\.${patient.patientId}\\.`));
    const problems = await checkScreen(page, '[data-testid="wechat-qr"]', 'wechat-qr', async () => {
      await card.getByTestId('wechat-qr-show').click();
      await image.waitFor();
    });
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);
});
