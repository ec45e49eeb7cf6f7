/**
 * The chain's provider senders, built from its channel settings and secrets once per container
 * (rebuilt when the settings' version changes). Endpoints come from the environment so the twin
 * and tests point them at the local fakes; unset, the providers' public endpoints.
 */
import type { ChannelTemplate } from '../../../shared/domain/channels/template-registry.js';
import type { ProviderOutcome } from '../../../shared/domain/channels/provider-outcomes.js';
import type { StoredChannelSettings } from '../../../shared/schemas/channels.js';
import { providerSecret } from '../secrets/provider-secrets.js';
import { sendAlibabaSms } from './alibaba-sms.js';
import { sendTencentSms } from './tencent-sms.js';
import { wechatSubscriptionSender } from './wechat-subscription.js';
import { tableName } from '../dynamo/client.js';

export const channelEndpointEnv = { 'alibaba-sms': 'ALIBABA_SMS_ENDPOINT', 'tencent-sms': 'TENCENT_SMS_ENDPOINT', wechat: 'WECHAT_API_ENDPOINT' } as const;

/** One message as a template channel carries it: the template and its values, never rendered text. */
export type TemplateDelivery = { phone: string; wechatOpenId?: string; template: ChannelTemplate; values: Readonly<Record<string, string>>; reference: string };
export type TemplatePublisher = (delivery: TemplateDelivery) => Promise<ProviderOutcome>;

const credentialsMissing: ProviderOutcome = { kind: 'refused', code: 'secret-missing', reason: 'credentials', retryable: false };
const endpoint = (name: keyof typeof channelEndpointEnv) => process.env[channelEndpointEnv[name]] || undefined;
const paramsOf = (delivery: TemplateDelivery) => delivery.template.params.map((p) => ({ name: p.name, value: (delivery.values[p.name] ?? '').slice(0, p.maxLength) }));

const build = async (tenantId: string, stored: StoredChannelSettings): Promise<Partial<Record<ChannelTemplate['channel'], TemplatePublisher>>> => {
  const { providers } = stored.settings;
  const publishers: Partial<Record<ChannelTemplate['channel'], TemplatePublisher>> = {};
  const alibaba = providers['alibaba-sms'];
  if (alibaba) {
    const secret = await providerSecret(tenantId, 'alibaba-sms');
    const send = secret ? sendAlibabaSms({ accessKeyId: alibaba.accessKeyId, accessKeySecret: secret, ...(endpoint('alibaba-sms') ? { endpoint: endpoint('alibaba-sms') } : {}) }) : undefined;
    publishers['alibaba-sms'] = async (d) => (send ? send({ phone: d.phone, signName: alibaba.signName, templateCode: d.template.providerCode, params: paramsOf(d), reference: d.reference }) : credentialsMissing);
  }
  const tencent = providers['tencent-sms'];
  if (tencent) {
    const secret = await providerSecret(tenantId, 'tencent-sms');
    const send = secret ? sendTencentSms({ secretId: tencent.secretId, secretKey: secret, smsSdkAppId: tencent.sdkAppId, ...(endpoint('tencent-sms') ? { endpoint: endpoint('tencent-sms') } : {}) }) : undefined;
    publishers['tencent-sms'] = async (d) => (send ? send({ phone: d.phone, signName: tencent.signName, templateCode: d.template.providerCode, params: paramsOf(d), reference: d.reference }) : credentialsMissing);
  }
  const wechat = providers.wechat;
  if (wechat) {
    const secret = await providerSecret(tenantId, 'wechat');
    const send = secret ? wechatSubscriptionSender({ appId: wechat.appId, appSecret: secret, ...(endpoint('wechat') ? { endpoint: endpoint('wechat') } : {}) }) : undefined;
    publishers.wechat = async (d) => (send && d.wechatOpenId ? send({ openId: d.wechatOpenId, templateId: d.template.providerCode, data: paramsOf(d) }) : credentialsMissing);
  }
  return publishers;
};

const built = new Map<string, { version: number; publishers: Promise<Partial<Record<ChannelTemplate['channel'], TemplatePublisher>>> }>();

export const templatePublishers = (tenantId: string, stored: StoredChannelSettings): Promise<Partial<Record<ChannelTemplate['channel'], TemplatePublisher>>> => {
  // Per table as well as per chain: the twin's test files share one process, each with tables of its own.
  const key = `${tableName}|${tenantId}`;
  const cached = built.get(key);
  if (cached && cached.version === stored.version) return cached.publishers;
  const publishers = build(tenantId, stored);
  built.set(key, { version: stored.version, publishers });
  publishers.catch(() => built.delete(key));
  return publishers;
};
