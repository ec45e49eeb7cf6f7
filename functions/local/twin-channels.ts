/**
 * The twin's mainland channels (issue 14): local fakes of Alibaba Cloud SMS, Tencent Cloud SMS and
 * the WeChat Official Account API, which check each request's format and signature as the
 * providers document them, and the demo accounts to switch the demo chain to. The adapters reach
 * the fakes through the endpoint variables (channel-publishers.ts), as they would the real APIs.
 */
import { channelEndpointEnv } from '../adapters/channels/channel-publishers.js';
import { demoAccounts, demoTemplates as templates } from './demo-channels.js';
import { startAlibabaSmsFake, type AlibabaAccepted } from './provider-fakes/alibaba-sms-fake.js';
import { startTencentSmsFake, type TencentAccepted } from './provider-fakes/tencent-sms-fake.js';
import { startWechatFake, type WechatAccepted } from './provider-fakes/wechat-fake.js';

/** Every demo openid holds a long-term subscription to every demo WeChat template. */
class DemoSubscriptions extends Map<string, Map<string, number | 'long-term'>> {
  override get(openId: string): Map<string, number | 'long-term'> | undefined {
    return openId.startsWith('o-demo-') ? new Map(templates.filter((t) => t.channel === 'wechat').map((t) => [t.providerCode, 'long-term' as const])) : undefined;
  }
}

export type TwinChannels = { alibaba: AlibabaAccepted[]; tencent: TencentAccepted[]; wechat: WechatAccepted[]; stop: () => Promise<void> };

export const startTwinChannels = async (): Promise<TwinChannels> => {
  const alibaba = await startAlibabaSmsFake({
    keys: { [demoAccounts.alibaba.accessKeyId]: demoAccounts.alibaba.secret },
    signNames: [demoAccounts.alibaba.signName],
    templates: Object.fromEntries(templates.filter((t) => t.channel === 'alibaba-sms').map((t) => [t.providerCode, t.params.map((p) => p.name)])),
  });
  const tencent = await startTencentSmsFake({ keys: { [demoAccounts.tencent.secretId]: demoAccounts.tencent.secret }, smsSdkAppId: demoAccounts.tencent.sdkAppId, signNames: [demoAccounts.tencent.signName], templates: {} });
  const wechat = await startWechatFake({
    appId: demoAccounts.wechat.appId, appSecret: demoAccounts.wechat.secret,
    templates: Object.fromEntries(templates.filter((t) => t.channel === 'wechat').map((t) => [t.providerCode, t.params.map((p) => p.name)])),
    subscriptions: new DemoSubscriptions(),
  });
  Object.assign(process.env, { [channelEndpointEnv['alibaba-sms']]: alibaba.url, [channelEndpointEnv['tencent-sms']]: tencent.url, [channelEndpointEnv.wechat]: wechat.url });
  return {
    alibaba: alibaba.accepted, tencent: tencent.accepted, wechat: wechat.accepted,
    stop: async () => { await Promise.all([alibaba.close(), tencent.close(), wechat.close()]); },
  };
};
