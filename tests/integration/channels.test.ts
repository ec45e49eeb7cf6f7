/**
 * Issue 14 in the twin: the owner's channel settings are checked at setup, and once the chain is on
 * "Alibaba Cloud SMS + WeChat" recall goes by WeChat to a subscribed patient (else by SMS), reminders
 * by Alibaba Cloud SMS, each request signed as the provider documents (the local fakes check it),
 * with the channel on the ledger and the Messages list. A chain that set nothing stays on SNS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { ChannelSettings, StoredChannelSettings } from '../../shared/schemas/channels.js';
import type { LedgerListEntry } from '../../shared/schemas/messages.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { SendRequest } from '../../functions/services/send-pipeline.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let n = 0;
const tenMorning = new Date(Date.UTC(2026, 10, 23, 2, 0)); // 10:00 in Shanghai

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

const settings = async () => (await twin.api<StoredChannelSettings>('GET', '/channel-settings', { token: owner })).body;
const patient = async (phone = `1391200${String(1000 + n++).padStart(4, '0')}`) =>
  (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '渠道患者', phone, clinicId: twin.demo.jinganId, consents: { care: { granted: true, source: 'paper-form' } } } })).body;
const send = async (patientId: string, purpose: SendRequest['purpose'], occasion: string, now = tenMorning) => {
  const { sendMessage } = await import('../../functions/services/send-pipeline.js');
  return sendMessage({ tenantId: twin.demo.tenantId, patientId, purpose, occasion, ref: { kind: 'standing' }, template: '{name}您好，{clinic}提醒您复查', values: { time: '12月5日 10:00' } }, { now });
};
const ledgerOf = async (patientId: string) => (await twin.api<{ items: LedgerListEntry[] }>('GET', `/patients/${patientId}/messages`, { token: owner })).body.items;

describe('channel settings at setup', () => {
  it('start on SNS: no provider, no template, no routing', async () => {
    const current = await settings();
    expect(current).toMatchObject({ version: 0, settings: { providers: {}, templates: [], routing: {} }, secretsSet: [] });
  });

  it('refuses what could not be sent, naming each field, and saves nothing', async () => {
    const pending: ChannelSettings = {
      providers: { 'alibaba-sms': { signName: '微笑口腔', accessKeyId: 'LTAI5tDemoKey0001' } },
      templates: [{ templateKey: 'recall-sms', channel: 'alibaba-sms', providerCode: 'SMS_1', status: 'pending', type: 'notification', params: [{ name: 'name', maxLength: 50 }], purposes: ['recall'] }],
      routing: { recall: ['alibaba-sms'], reactivation: ['tencent-sms'] },
    };
    const res = await twin.api<ApiErrorBody>('PUT', '/channel-settings', { token: owner, body: { version: 0, settings: pending } });
    expect(res.status).toBe(400);
    const fields = Object.fromEntries((res.body.error.fields ?? []).map((f) => [f.path, f.code]));
    expect(fields).toEqual({
      'settings.templates.0.params.0.maxLength': 'channel.parameter_too_long',
      'settings.routing.recall.0': 'channel.template_not_approved',
      'settings.routing.reactivation.0': 'channel.provider_missing',
      'secrets.alibaba-sms': 'channel.provider_missing',
    });
    expect((await settings()).version).toBe(0);
  });

  it('refuses a purpose the provider forbids (Tencent: no recall by SMS)', async () => {
    const body = { version: 0, secrets: { 'tencent-sms': 'tencent-secret-1' }, settings: { providers: { 'tencent-sms': { signName: '微笑口腔', secretId: 'AKIDdemoSecretId0001', sdkAppId: '1400000001' } }, templates: [], routing: { recall: ['tencent-sms'] } } };
    const res = await twin.api<ApiErrorBody>('PUT', '/channel-settings', { token: owner, body });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => [f.path, f.code])).toEqual([['settings.routing.recall.0', 'channel.purpose_forbidden']]);
  });

  it('is the owner’s alone', async () => {
    for (const role of ['manager', 'frontdesk', 'marketing'] as const) {
      const token = await twin.tokenFor(role);
      expect((await twin.api('GET', '/channel-settings', { token })).status, role).toBe(403);
      expect((await twin.api('PUT', '/channel-settings', { token, body: { version: 0, settings: {} } })).status, role).toBe(403);
    }
  });
});

describe('sending through the chain’s providers', () => {
  it('switches to Alibaba Cloud SMS + WeChat; the secrets never come back', async () => {
    const res = await twin.api<StoredChannelSettings>('POST', '/dev/channel-preset', { token: owner });
    expect(res.status).toBe(200);
    expect(res.body.secretsSet.sort()).toEqual(['alibaba-sms', 'wechat']);
    expect(JSON.stringify(await settings())).not.toMatch(/demo-alibaba-secret|demo-wechat-appsecret/);
    // A stale save is refused before its secret replaces the stored one.
    const stale = await twin.api<ApiErrorBody>('PUT', '/channel-settings', { token: owner, body: { version: 0, settings: res.body.settings, secrets: { wechat: 'a-stale-secret-0001' } } });
    expect(stale.status).toBe(409);
    const { providerSecret } = await import('../../functions/adapters/secrets/provider-secrets.js');
    expect(await providerSecret(twin.demo.tenantId, 'wechat')).toBe('demo-wechat-appsecret-0001');
  });

  it('sends recall by WeChat to a subscribed patient, with the template’s values', async () => {
    const p = await patient();
    const { recordWechatSubscription } = await import('../../functions/adapters/dynamo/patient-repository.js');
    await recordWechatSubscription(twin.demo.tenantId, p.patientId, `o-demo-${p.patientId.toLowerCase()}`);
    expect(await send(p.patientId, 'recall', 'recall-wx-1')).toEqual({ status: 'sent' });
    const notice = twin.channels.wechat.find((m) => m.openId === `o-demo-${p.patientId.toLowerCase()}`);
    expect(notice).toMatchObject({ templateId: 'recall_notice_demo', data: { name: '渠道患者', clinic: '静安店' } });
    expect((await ledgerOf(p.patientId))[0]).toMatchObject({ purpose: 'recall', status: 'sent', channel: 'wechat' });
  });

  it('falls back to Alibaba Cloud SMS for a patient not following the account; reminders go by SMS too', async () => {
    const p = await patient();
    expect(await send(p.patientId, 'recall', 'recall-sms-1')).toEqual({ status: 'sent' });
    expect(await send(p.patientId, 'appointment-reminder', 'reminder-sms-1')).toEqual({ status: 'sent' });
    const mine = twin.channels.alibaba.filter((m) => m.phone === p.phone.slice(3));
    expect(mine.map((m) => m.templateCode).sort()).toEqual(['SMS_460000001', 'SMS_460000002']);
    expect(mine.find((m) => m.templateCode === 'SMS_460000001')?.params).toEqual({ name: '渠道患者', clinic: '静安店', time: '12月5日 10:00' });
    expect((await ledgerOf(p.patientId)).map((e) => e.channel)).toEqual(['alibaba-sms', 'alibaba-sms']);
    // Alibaba pushes its status reports to the chain's receipt address; each lands on its message.
    await twin.channels.reportsIdle();
    expect((await ledgerOf(p.patientId)).map((e) => e.delivery?.status)).toEqual(['delivered', 'delivered']);
  });

  it('takes a receipt only at the chain’s own address, and only for the message the provider id names', async () => {
    const p = await patient();
    expect(await send(p.patientId, 'appointment-reminder', 'reminder-receipt-1')).toEqual({ status: 'sent' });
    await twin.channels.reportsIdle();
    const sent = twin.channels.alibaba.find((m) => m.phone === p.phone.slice(3));
    if (!sent) throw new Error('not accepted');
    const failedReport = [{ success: false, biz_id: sent.bizId, out_id: sent.outId, err_code: 'MOBILE_NOT_ON_SERVICE', report_time: '2026-11-23 10:00:05' }];
    const { receiptPath } = await import('../../functions/adapters/channels/receipt-token.js');
    const address = receiptPath(twin.demo.tenantId, 'alibaba-sms');
    // A forged address: refused before anything is read.
    const forged = await twin.api<ApiErrorBody>('POST', address.replace(/[^/]+$/, 'x'.repeat(32)), { body: failedReport });
    expect(forged.status).toBe(401);
    // Another chain's address (its own valid token) cannot reach this chain's message.
    const other = await twin.otherChain();
    const elsewhere = await twin.api<{ applied: number }>('POST', receiptPath(other.tenantId, 'alibaba-sms'), { body: failedReport });
    expect(elsewhere.body.applied).toBe(0);
    // The right address but a provider id that is not this message's: nothing changes.
    const wrongId = await twin.api<{ applied: number }>('POST', address, { body: [{ ...failedReport[0], biz_id: 'not-the-id' }] });
    expect(wrongId.body.applied).toBe(0);
    expect((await ledgerOf(p.patientId))[0]?.delivery).toMatchObject({ status: 'delivered' });
    // The real report of a failure: the message shows it, with the provider's code.
    const real = await twin.api<{ code: number; applied: number }>('POST', address, { body: failedReport });
    expect(real.body).toMatchObject({ code: 0, applied: 1 });
    expect((await ledgerOf(p.patientId))[0]?.delivery).toEqual({ status: 'failed', at: '2026-11-23T02:00:05.000Z', code: 'MOBILE_NOT_ON_SERVICE' });
    // Not JSON an Alibaba report would be: 400 naming the field.
    const bad = await twin.api<ApiErrorBody>('POST', address, { body: [{ success: 'yes' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.path)).toEqual(expect.arrayContaining(['0.success']));
  });

  it('counts Alibaba’s cap of 10 a day per number before the call: the 11th is kept back, never sent to be refused', async () => {
    const p = await patient();
    const outcomes = [];
    for (let i = 1; i <= 11; i++) outcomes.push(await send(p.patientId, 'appointment-reminder', `cap-${i}`));
    expect(outcomes.slice(0, 10).every((o) => o.status === 'sent')).toBe(true);
    expect(outcomes[10]).toEqual({ status: 'failed', reason: 'alibaba-sms: daily-cap' });
    expect(twin.channels.alibaba.filter((m) => m.phone === p.phone.slice(3))).toHaveLength(10);
  });

  it('with WeChat alone for recall, a patient who does not follow the account is skipped, nothing claimed on another channel', async () => {
    const current = await settings();
    const wechatOnly = { ...current.settings, routing: { ...current.settings.routing, recall: ['wechat'] } };
    expect((await twin.api('PUT', '/channel-settings', { token: owner, body: { version: current.version, settings: wechatOnly } })).status).toBe(200);
    const p = await patient();
    expect(await send(p.patientId, 'recall', 'recall-none-1')).toEqual({ status: 'skipped', reason: 'no-channel' });
    expect(twin.channels.alibaba.some((m) => m.phone === p.phone.slice(3))).toBe(false);
    expect((await ledgerOf(p.patientId))[0]).toMatchObject({ status: 'skipped' });
    const back = await settings();
    await twin.api('PUT', '/channel-settings', { token: owner, body: { version: back.version, settings: current.settings } });
  });

  it('a provider’s refusal is a clear failure, retried only when retrying can help', async () => {
    // Alibaba's domestic API takes mainland mobiles only: a Hong Kong number is refused for good.
    const p = await patient('+85291234567');
    const outcome = await send(p.patientId, 'appointment-reminder', 'reminder-hk-1');
    expect(outcome).toEqual({ status: 'failed', reason: 'alibaba-sms: invalid-number (isv.MOBILE_NUMBER_ILLEGAL)' });
    expect((await ledgerOf(p.patientId))[0]).toMatchObject({ status: 'failed', channel: 'alibaba-sms' });
    expect((await ledgerOf(p.patientId))[0]?.retryAt).toBeUndefined();
  });
});

describe('what a provider template needs, checked at setup', () => {
  const reactivationTemplate = { templateKey: 'back-sms', channel: 'alibaba-sms' as const, providerCode: 'SMS_460000009', status: 'approved' as const, type: 'marketing' as const, params: [{ name: 'name' as const, maxLength: 20 }, { name: 'coupon' as const, maxLength: 20 }], purposes: ['reactivation' as const] };
  type Automations = { version: number; settings: { reactivation: { enabled: boolean; offer: string } } & Record<string, unknown> };
  const automations = async () => (await twin.api<Automations>('GET', '/automations', { token: owner })).body;

  it('refuses a template asking for a value its purpose never carries, by parameter', async () => {
    const current = await settings();
    const asking = { ...current.settings, templates: [...current.settings.templates, { ...reactivationTemplate, templateKey: 'recall-coupon', purposes: ['recall' as const], type: 'notification' as const }] };
    const res = await twin.api<ApiErrorBody>('PUT', '/channel-settings', { token: owner, body: { version: current.version, settings: asking } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => [f.path, f.code])).toEqual([[`settings.templates.${current.settings.templates.length}.params.1.name`, 'channel.parameter_unsupplied']]);
    expect((await settings()).version).toBe(current.version);
  });

  it('reactivation on without an offer cannot go through a template that takes {coupon}: refused at the offer, then at the routing', async () => {
    const current = await settings();
    const routed = { ...current.settings, templates: [...current.settings.templates, reactivationTemplate], routing: { ...current.settings.routing, reactivation: ['alibaba-sms' as const] } };
    expect((await twin.api('PUT', '/channel-settings', { token: owner, body: { version: current.version, settings: routed } })).status).toBe(200);
    const before = await automations();
    const noOffer = { ...before.settings, reactivation: { ...before.settings.reactivation, enabled: true, offer: '' } };
    const refused = await twin.api<ApiErrorBody>('PUT', '/automations', { token: owner, body: { version: before.version, settings: noOffer } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields?.map((f) => [f.path, f.code])).toEqual([['settings.reactivation.offer', 'channel.parameter_missing']]);
    expect((await automations()).version).toBe(before.version);
    const withOffer = { ...noOffer, reactivation: { ...noOffer.reactivation, offer: '免费洁牙一次' } };
    expect((await twin.api('PUT', '/automations', { token: owner, body: { version: before.version, settings: withOffer } })).status).toBe(200);

    // Routing it again once the offer is gone would leave the automation on without its value.
    const on = await automations();
    const offRoute = await settings();
    const unrouted = { ...offRoute.settings, routing: { ...offRoute.settings.routing, reactivation: undefined } };
    expect((await twin.api('PUT', '/channel-settings', { token: owner, body: { version: offRoute.version, settings: JSON.parse(JSON.stringify(unrouted)) } })).status).toBe(200);
    expect((await twin.api('PUT', '/automations', { token: owner, body: { version: on.version, settings: { ...on.settings, reactivation: { ...on.settings.reactivation, offer: '' } } } })).status).toBe(200);
    const again = await settings();
    const reroute = await twin.api<ApiErrorBody>('PUT', '/channel-settings', { token: owner, body: { version: again.version, settings: { ...again.settings, routing: { ...again.settings.routing, reactivation: ['alibaba-sms'] } } } });
    expect(reroute.status).toBe(400);
    expect(reroute.body.error.fields?.map((f) => [f.path, f.code])).toEqual([['settings.routing.reactivation', 'channel.parameter_missing']]);
    const last = await automations();
    await twin.api('PUT', '/automations', { token: owner, body: { version: last.version, settings: { ...last.settings, reactivation: { ...last.settings.reactivation, enabled: false } } } });
  });
});

describe('Tencent Cloud SMS delivery reports', () => {
  it('a reminder by Tencent is reported delivered by its sid alone; a forged address is 401, an unknown sid changes nothing', async () => {
    const { demoAccounts, demoTencentTemplates } = await import('../../functions/local/demo-channels.js');
    const current = await settings();
    const tencentReminders: ChannelSettings = {
      providers: { ...current.settings.providers, 'tencent-sms': { signName: demoAccounts.tencent.signName, secretId: demoAccounts.tencent.secretId, sdkAppId: demoAccounts.tencent.sdkAppId } },
      templates: [...current.settings.templates, ...demoTencentTemplates],
      routing: { ...current.settings.routing, 'appointment-reminder': ['tencent-sms'] },
    };
    const saved = await twin.api('PUT', '/channel-settings', { token: owner, body: { version: current.version, settings: tencentReminders, secrets: { 'tencent-sms': demoAccounts.tencent.secret } } });
    expect(saved.status).toBe(200);
    const { receiptPath } = await import('../../functions/adapters/channels/receipt-token.js');
    expect((await settings()).receiptPaths?.['tencent-sms']).toBe(receiptPath(twin.demo.tenantId, 'tencent-sms'));

    const p = await patient();
    expect(await send(p.patientId, 'appointment-reminder', 'reminder-tencent-1')).toEqual({ status: 'sent' });
    const accepted = twin.channels.tencent.find((m) => m.phone === p.phone);
    expect(accepted).toMatchObject({ templateId: '1900001', params: ['渠道患者', '静安店', '12月5日 10:00'] });
    await twin.channels.reportsIdle();
    expect((await ledgerOf(p.patientId))[0]).toMatchObject({ channel: 'tencent-sms', delivery: { status: 'delivered' } });

    const address = receiptPath(twin.demo.tenantId, 'tencent-sms');
    const failed = [{ user_receive_time: '2026-11-23 10:00:05', nationcode: '86', mobile: p.phone.slice(3), report_status: 'FAIL', errmsg: 'MK:0001', description: '空号', sid: accepted?.serialNo }];
    expect((await twin.api('POST', address.replace(/[^/]+$/, 'y'.repeat(32)), { body: failed })).status).toBe(401);
    // Alibaba's address does not take Tencent's reports, nor the other way round.
    expect((await twin.api('POST', receiptPath(twin.demo.tenantId, 'alibaba-sms').replace('alibaba-sms/receipts', 'tencent-sms/receipts'), { body: failed })).status).toBe(401);
    const unknown = await twin.api<{ result: number; applied: number }>('POST', address, { body: [{ ...failed[0], sid: 'not-a-serial-no' }] });
    expect(unknown.body).toMatchObject({ result: 0, applied: 0 });
    const real = await twin.api<{ result: number; errmsg: string; applied: number }>('POST', address, { body: failed });
    expect(real.body).toMatchObject({ result: 0, errmsg: 'OK', applied: 1 });
    expect((await ledgerOf(p.patientId))[0]?.delivery).toEqual({ status: 'failed', at: '2026-11-23T02:00:05.000Z', code: 'MK:0001' });
    const bad = await twin.api<ApiErrorBody>('POST', address, { body: [{ report_status: 'MAYBE', sid: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.path)).toContain('0.report_status');

    const back = await settings();
    await twin.api('PUT', '/channel-settings', { token: owner, body: { version: back.version, settings: current.settings } });
  });
});

describe('patients’ replies pushed by the providers', () => {
  type TaskList = { items: { patientId: string; replyText?: string; topic?: string }[] };
  it('Alibaba’s SmsUp "T" and Tencent’s "R" stop the number; other words go to the front desk once, however often pushed', async () => {
    const { replyPath } = await import('../../functions/adapters/channels/receipt-token.js');
    const current = await settings();
    expect(current.replyPaths).toEqual({ 'alibaba-sms': replyPath(twin.demo.tenantId, 'alibaba-sms'), 'tencent-sms': replyPath(twin.demo.tenantId, 'tencent-sms') });
    const viaAlibaba = await patient();
    const viaTencent = await patient();
    const chatty = await patient();

    const smsUp = [{ phone_number: viaAlibaba.phone.slice(3), send_time: '2026-11-23 10:05:00', content: 'T', sign_name: '微笑口腔', dest_code: '', sequence_id: 900001 }];
    expect((await twin.api<{ code: number }>('POST', replyPath(twin.demo.tenantId, 'alibaba-sms'), { body: smsUp })).body).toMatchObject({ code: 0, received: 1 });
    expect(await send(viaAlibaba.patientId, 'appointment-reminder', 'after-t')).toEqual({ status: 'skipped', reason: 'opted-out' });

    const tencentReply = { extend: '', mobile: viaTencent.phone.slice(3), nationcode: '86', sign: '微笑口腔', text: 'r', time: 1795408000 };
    expect((await twin.api<{ result: number }>('POST', replyPath(twin.demo.tenantId, 'tencent-sms'), { body: tencentReply })).body).toMatchObject({ result: 0, errmsg: 'OK' });
    expect(await send(viaTencent.patientId, 'appointment-reminder', 'after-r')).toEqual({ status: 'skipped', reason: 'opted-out' });

    // Words for the front desk, pushed twice (a provider retries when unsure): one task.
    const words = { ...tencentReply, mobile: chatty.phone.slice(3), text: '明天下午能来吗', time: 1795408100 };
    for (let i = 0; i < 2; i++) expect((await twin.api('POST', replyPath(twin.demo.tenantId, 'tencent-sms'), { body: words })).status).toBe(200);
    const tasks = (await twin.api<TaskList>('GET', `/tasks?clinicId=${twin.demo.jinganId}&limit=500`, { token: owner })).body.items.filter((t) => t.patientId === chatty.patientId);
    expect(tasks).toHaveLength(1);
  });

  it('refuses a forged reply address (401) and a reply that is not the provider’s shape (400 by field); nothing is forwarded', async () => {
    const { replyPath } = await import('../../functions/adapters/channels/receipt-token.js');
    const p = await patient();
    const forged = replyPath(twin.demo.tenantId, 'tencent-sms').replace(/[^/]+$/, 'z'.repeat(32));
    expect((await twin.api('POST', forged, { body: { mobile: p.phone.slice(3), nationcode: '86', text: 'R', time: 1795408200 } })).status).toBe(401);
    // Another chain's own address cannot stop this chain's patient: the number is looked up in that chain.
    const other = await twin.otherChain();
    await twin.api('POST', replyPath(other.tenantId, 'tencent-sms'), { body: { mobile: p.phone.slice(3), nationcode: '86', text: 'R', time: 1795408300 } });
    expect(await send(p.patientId, 'appointment-reminder', 'still-reachable')).toEqual({ status: 'sent' });
    const bad = await twin.api<ApiErrorBody>('POST', replyPath(twin.demo.tenantId, 'alibaba-sms'), { body: [{ phone_number: p.phone.slice(3), content: 'T' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.path)).toContain('0.sequence_id');
  });
});

describe('the chain’s WeChat Official Account server address', () => {
  const signed = async (tenantId: string, options: { at?: number; extra?: string; tamper?: boolean } = {}) => {
    const { createHash } = await import('node:crypto');
    const { wechatEventsPath } = await import('../../functions/adapters/channels/receipt-token.js');
    const path = wechatEventsPath(tenantId);
    const token = path.split('/').pop() ?? '';
    const timestamp = String(options.at ?? Math.floor(Date.now() / 1000));
    const nonce = `n${n++}`;
    const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
    return `${path}?signature=${options.tamper ? signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) : signature}&timestamp=${timestamp}&nonce=${nonce}${options.extra ?? ''}`;
  };
  const event = (openId: string, inner: string) => `<xml><ToUserName><![CDATA[gh_demo]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>${inner}</xml>`;
  const push = async (xml: string, tenantId = twin.demo.tenantId) => twin.api<string>('POST', await signed(tenantId), { rawBody: xml });

  it('answers WeChat’s check with the echo only when the signature holds and is fresh', async () => {
    expect(await twin.api('GET', await signed(twin.demo.tenantId, { extra: '&echostr=echo-8841' }))).toEqual({ status: 200, body: 'echo-8841' });
    expect((await twin.api('GET', await signed(twin.demo.tenantId, { extra: '&echostr=x', tamper: true }))).status).toBe(401);
    expect((await twin.api('GET', await signed(twin.demo.tenantId, { extra: '&echostr=x', at: Math.floor(Date.now() / 1000) - 600 }))).status).toBe(401);
    const unsigned = (await signed(twin.demo.tenantId)).split('?')[0] ?? '';
    expect((await twin.api('GET', `${unsigned}?echostr=x`)).status).toBe(401);
  });

  it('a follow through the patient’s QR links them: recall goes by WeChat, the result lands on the message; an unfollow unlinks', async () => {
    const { bindingCode } = await import('../../functions/adapters/channels/wechat-binding.js');
    const p = await patient();
    const openId = `o-demo-follower-${p.patientId.toLowerCase()}`;
    const follow = await push(event(openId, `<Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_${bindingCode(twin.demo.tenantId, p.patientId)}]]></EventKey>`));
    expect(follow).toEqual({ status: 200, body: 'success' });
    expect(await send(p.patientId, 'recall', 'wx-follow-1')).toEqual({ status: 'sent' });
    const notice = twin.channels.wechat.find((m) => m.openId === openId);
    expect(notice?.templateId).toBe('recall_notice_demo');

    const sent = `<Event><![CDATA[subscribe_msg_sent_event]]></Event><SubscribeMsgSentEvent><List><TemplateId><![CDATA[recall_notice_demo]]></TemplateId><MsgID>${notice?.msgid}</MsgID><ErrorCode>43101</ErrorCode><ErrorStatus><![CDATA[failed:user refuse to accept the msg]]></ErrorStatus></List></SubscribeMsgSentEvent>`;
    expect((await push(event(openId, sent))).status).toBe(200);
    expect((await ledgerOf(p.patientId))[0]).toMatchObject({ channel: 'wechat', delivery: { status: 'failed', code: 'failed:user refuse to accept the msg' } });

    expect((await push(event(openId, '<Event><![CDATA[unsubscribe]]></Event><EventKey><![CDATA[]]></EventKey>'))).status).toBe(200);
    // The next day (recall is one per number a day): by SMS now.
    expect(await send(p.patientId, 'recall', 'wx-follow-2', new Date(tenMorning.getTime() + 86_400_000))).toEqual({ status: 'sent' });
    expect((await ledgerOf(p.patientId)).find((e) => e.occasion === 'wx-follow-2')?.channel).toBe('alibaba-sms');
  });

  it('links nobody for another chain’s QR, a forged code or a forged signature; refuses what is not WeChat’s XML', async () => {
    const { bindingCode } = await import('../../functions/adapters/channels/wechat-binding.js');
    const p = await patient();
    const other = await twin.otherChain();
    const openId = `o-demo-stranger-${p.patientId.toLowerCase()}`;
    // A code made for this patient under the other chain, pushed to this chain's address: not this chain's code.
    await push(event(openId, `<Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[${bindingCode(other.tenantId, p.patientId)}]]></EventKey>`));
    await push(event(openId, `<Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[b.${p.patientId}.AAAAAAAAAAAAAAAA]]></EventKey>`));
    const forged = await twin.api('POST', await signed(twin.demo.tenantId, { tamper: true }), { rawBody: event(openId, `<Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[${bindingCode(twin.demo.tenantId, p.patientId)}]]></EventKey>`) });
    expect(forged.status).toBe(401);
    expect(await send(p.patientId, 'recall', 'wx-stranger-1')).toEqual({ status: 'sent' });
    expect((await ledgerOf(p.patientId))[0]?.channel).toBe('alibaba-sms');
    const bad = await twin.api<ApiErrorBody>('POST', await signed(twin.demo.tenantId), { rawBody: '{"not":"xml"}' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.code)).toEqual(['body.invalid_xml']);
  });
});

describe('a patient’s WeChat QR', () => {
  it('is made through the account’s API with the patient’s binding code; following through it links the patient', async () => {
    const frontdesk = await twin.tokenFor('frontdesk');
    const p = await patient();
    const made = await twin.api<{ content: string; imageUrl: string; expiresAt: string; linked: boolean }>('POST', `/patients/${p.patientId}/wechat-qr`, { token: frontdesk });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ linked: false, imageUrl: expect.stringMatching(/^https:\/\/mp\.weixin\.qq\.com\/cgi-bin\/showqrcode\?ticket=/) });
    // Half an hour: the desk shows it to the patient in front of it; a photo of it soon stops working.
    expect(Date.parse(made.body.expiresAt) - Date.now()).toBeGreaterThan(25 * 60_000);
    expect(Date.parse(made.body.expiresAt) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const { bindingCode } = await import('../../functions/adapters/channels/wechat-binding.js');
    const qr = twin.channels.wechatQrs.at(-1);
    expect(qr?.scene).toBe(bindingCode(twin.demo.tenantId, p.patientId));
    expect(made.body.content).toContain(qr?.ticket.slice(0, 22));
    // Marketing cannot make one, another chain's owner cannot see the patient.
    expect((await twin.api('POST', `/patients/${p.patientId}/wechat-qr`, { token: await twin.tokenFor('marketing') })).status).toBe(403);
    const other = await twin.otherChain();
    expect((await twin.api('POST', `/patients/${p.patientId}/wechat-qr`, { token: other.ownerToken })).status).toBe(404);
  });

  it('is refused with a clear reason when the chain has no Official Account', async () => {
    const other = await twin.otherChain();
    const theirs = (await twin.api<Patient>('POST', '/patients', { token: other.ownerToken, body: { name: '别家患者', phone: '13912009999', clinicId: other.clinicId } })).body;
    const res = await twin.api<ApiErrorBody>('POST', `/patients/${theirs.patientId}/wechat-qr`, { token: other.ownerToken });
    expect(res.status).toBe(409);
    expect(res.body.error.fields?.map((f) => [f.path, f.code])).toEqual([['wechat', 'channel.provider_missing']]);
  });
});

describe('the review’s findings, each with its test', () => {
  it('the WeChat Token is letters and digits (WeChat’s console takes nothing else); each address has its own token', async () => {
    const { receiptPath, replyPath, wechatEventsPath } = await import('../../functions/adapters/channels/receipt-token.js');
    const token = (path: string) => path.split('/').pop() ?? '';
    expect(token(wechatEventsPath(twin.demo.tenantId))).toMatch(/^[0-9a-f]{32}$/);
    expect(token(replyPath(twin.demo.tenantId, 'tencent-sms'))).not.toBe(token(receiptPath(twin.demo.tenantId, 'tencent-sms')));
    // A receipt token does not open the reply address.
    const asReply = replyPath(twin.demo.tenantId, 'tencent-sms').replace(/[^/]+$/, token(receiptPath(twin.demo.tenantId, 'tencent-sms')));
    expect((await twin.api('POST', asReply, { body: { mobile: '13900001234', nationcode: '86', text: 'R', time: 1795408400 } })).status).toBe(401);
  });

  it('a report that comes before its send recorded the provider id is not acknowledged, so the provider pushes it again', async () => {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { sendLedgerEntity } = await import('../../functions/adapters/dynamo/entities/send-ledger.js');
    const { ledgerReference } = await import('../../shared/domain/channels/receipts.js');
    const { receiptPath } = await import('../../functions/adapters/channels/receipt-token.js');
    const p = await patient();
    const k = { tenantId: twin.demo.tenantId, patientId: p.patientId, purpose: 'appointment-reminder' as const, occasion: 'handing-1' };
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...sendLedgerEntity.key(k), type: 'message', status: 'claimed', patientId: p.patientId, purpose: k.purpose, occasion: k.occasion, claimedAt: new Date().toISOString() } }));
    const report = [{ success: true, biz_id: 'BIZ-1', out_id: ledgerReference(k), err_code: 'DELIVERED', report_time: '2026-11-23 10:00:05' }];
    const res = await twin.api<{ code: number; pending: number; applied: number }>('POST', receiptPath(twin.demo.tenantId, 'alibaba-sms'), { body: report });
    expect(res.body).toMatchObject({ code: 1, pending: 1, applied: 0 });
  });

  it('a reply from an unknown number pushed twice is kept once for the front desk, at the provider’s own time', async () => {
    const { replyPath } = await import('../../functions/adapters/channels/receipt-token.js');
    const body = { extend: '', mobile: '13977770001', nationcode: '86', sign: '微笑口腔', text: '你们几点关门', time: 1795408500 };
    for (let i = 0; i < 2; i++) expect((await twin.api('POST', replyPath(twin.demo.tenantId, 'tencent-sms'), { body })).status).toBe(200);
    type Unmatched = { items: { from?: string; text?: string; receivedAt: string }[] };
    const kept = (await twin.api<Unmatched>('GET', '/sms-replies/unmatched?limit=100', { token: owner })).body.items.filter((r) => r.text === body.text);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.receivedAt).toBe(new Date(body.time * 1000).toISOString());
  });

  it('a scan of a linked patient’s QR by another WeChat does not take the record over', async () => {
    const { bindingCode } = await import('../../functions/adapters/channels/wechat-binding.js');
    const { createHash } = await import('node:crypto');
    const { wechatEventsPath } = await import('../../functions/adapters/channels/receipt-token.js');
    const p = await patient();
    const path = wechatEventsPath(twin.demo.tenantId);
    const token = path.split('/').pop() ?? '';
    const scan = async (openId: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = `t${n++}`;
      const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
      const xml = `<xml><FromUserName><![CDATA[${openId}]]></FromUserName><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[${bindingCode(twin.demo.tenantId, p.patientId)}]]></EventKey></xml>`;
      expect((await twin.api('POST', `${path}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, { rawBody: xml })).status).toBe(200);
    };
    await scan(`o-demo-owner-${p.patientId.toLowerCase()}`);
    await scan(`o-demo-photo-${p.patientId.toLowerCase()}`);
    const { getPatient } = await import('../../functions/adapters/dynamo/patient-repository.js');
    expect((await getPatient(twin.demo.tenantId, p.patientId))?.wechatOpenId).toBe(`o-demo-owner-${p.patientId.toLowerCase()}`);
  });
});
