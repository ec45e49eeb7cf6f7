/**
 * The twin's mainland channels (issue 14): local fakes of Alibaba Cloud SMS, Tencent Cloud SMS and
 * the WeChat Official Account API, which check each request's format and signature as the
 * providers document them, and the demo accounts to switch the demo chain to. The adapters reach
 * the fakes through the endpoint variables (channel-publishers.ts), as they would the real APIs.
 */
import { channelEndpointEnv } from '../adapters/channels/channel-publishers.js';
import { demoAccounts, demoTemplates as templates, demoTencentTemplates } from './demo-channels.js';
import { receiptPath } from '../adapters/channels/receipt-token.js';
import { fromLedgerReference } from '../../shared/domain/channels/receipts.js';
import { startAlibabaSmsFake, type AlibabaAccepted } from './provider-fakes/alibaba-sms-fake.js';
import { startTencentSmsFake, type TencentAccepted } from './provider-fakes/tencent-sms-fake.js';
import { startWechatFake, type WechatAccepted } from './provider-fakes/wechat-fake.js';

/** Every demo openid holds a long-term subscription to every demo WeChat template. */
class DemoSubscriptions extends Map<string, Map<string, number | 'long-term'>> {
  override get(openId: string): Map<string, number | 'long-term'> | undefined {
    return openId.startsWith('o-demo-') ? new Map(templates.filter((t) => t.channel === 'wechat').map((t) => [t.providerCode, 'long-term' as const])) : undefined;
  }
}

export type TwinChannels = {
  alibaba: AlibabaAccepted[]; tencent: TencentAccepted[]; wechat: WechatAccepted[];
  /** the QRs the Official Account made, with the scene each carries */
  wechatQrs: { ticket: string; scene: string }[];
  /** from now on, each SMS Alibaba or Tencent accepted is reported delivered to this API base, as each provider pushes its reports */
  reportTo: (apiBase: string) => void;
  /** the reports pushed so far and still in flight */
  reportsIdle: () => Promise<void>;
  stop: () => Promise<void>;
};

/** Beijing time as Alibaba writes it: "2026-12-05 10:00:00". */
const beijing = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

export const startTwinChannels = async (): Promise<TwinChannels> => {
  let apiBase: string | undefined;
  const inFlight = new Set<Promise<unknown>>();
  /**
   * A moment after the send, as a handset's delivery report comes back. A report the API did not
   * take yet (its message's send had not recorded the provider's id) is pushed again a little
   * later, a few times, as the providers retry a push not acknowledged; after that it is lost.
   */
  const push = (reference: string, channel: 'alibaba-sms' | 'tencent-sms', body: unknown): void => {
    const k = fromLedgerReference(reference);
    if (!apiBase || !k) return;
    const url = `${apiBase}${receiptPath(k.tenantId, channel)}`;
    const attempt = async (left: number): Promise<void> => {
      await new Promise((done) => setTimeout(done, left === 5 ? 20 : 150));
      const answer = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { code?: number; result?: number };
      // Not received (code or result not 0): pushed again, as the providers do.
      if ((answer.code ?? answer.result ?? 0) !== 0 && left > 1) await attempt(left - 1);
    };
    const pushed = attempt(5).catch(() => undefined).finally(() => inFlight.delete(pushed));
    inFlight.add(pushed);
  };
  const report = (message: AlibabaAccepted): void =>
    push(message.outId, 'alibaba-sms', [{ phone_number: message.phone, success: true, biz_id: message.bizId, out_id: message.outId, err_code: 'DELIVERED', report_time: beijing(new Date()) }]);
  // Tencent's callback names the message by its SerialNo only (sid), not by our SessionContext.
  const reportTencent = (message: TencentAccepted): void =>
    push(message.sessionContext, 'tencent-sms', [{ user_receive_time: beijing(new Date()), nationcode: '86', mobile: message.phone.replace(/^\+86/, ''), report_status: 'SUCCESS', errmsg: 'DELIVRD', description: '用户短信送达成功', sid: message.serialNo }]);
  const alibaba = await startAlibabaSmsFake({
    onAccepted: report,
    keys: { [demoAccounts.alibaba.accessKeyId]: demoAccounts.alibaba.secret },
    signNames: [demoAccounts.alibaba.signName],
    templates: Object.fromEntries(templates.filter((t) => t.channel === 'alibaba-sms').map((t) => [t.providerCode, t.params.map((p) => p.name)])),
  });
  const tencent = await startTencentSmsFake({
    onAccepted: reportTencent,
    keys: { [demoAccounts.tencent.secretId]: demoAccounts.tencent.secret }, smsSdkAppId: demoAccounts.tencent.sdkAppId, signNames: [demoAccounts.tencent.signName],
    templates: Object.fromEntries(demoTencentTemplates.map((t) => [t.providerCode, t.params.length])),
  });
  const wechat = await startWechatFake({
    appId: demoAccounts.wechat.appId, appSecret: demoAccounts.wechat.secret,
    templates: Object.fromEntries(templates.filter((t) => t.channel === 'wechat').map((t) => [t.providerCode, t.params.map((p) => p.name)])),
    subscriptions: new DemoSubscriptions(),
  });
  Object.assign(process.env, { [channelEndpointEnv['alibaba-sms']]: alibaba.url, [channelEndpointEnv['tencent-sms']]: tencent.url, [channelEndpointEnv.wechat]: wechat.url });
  return {
    alibaba: alibaba.accepted, tencent: tencent.accepted, wechat: wechat.accepted, wechatQrs: wechat.qrs,
    reportTo: (base) => { apiBase = base; },
    reportsIdle: async () => { while (inFlight.size > 0) await Promise.all([...inFlight]); },
    stop: async () => { await Promise.all([alibaba.close(), tencent.close(), wechat.close()]); },
  };
};
