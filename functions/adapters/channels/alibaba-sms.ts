/**
 * Alibaba Cloud SMS (Dysmsapi 2017-05-25, SendSms) through its documented RPC API: the request's
 * parameters signed (alibaba-signing.ts) and POSTed as a form to the configured endpoint (the
 * public one, or a local fake in tests and the twin). Mainland numbers go without +86, as the
 * domestic API expects. The answer becomes a ledger outcome (provider-outcomes.ts).
 */
import { randomUUID } from 'node:crypto';
import { alibabaRefusals, refusalOf, type ProviderOutcome } from '../../../shared/domain/channels/provider-outcomes.js';
import { percentEncode, signRpc } from './alibaba-signing.js';
import { transportRefusal, type SendDeps, type TemplateSms } from './template-sms.js';

export type AlibabaSmsConfig = { accessKeyId: string; accessKeySecret: string; endpoint?: string; regionId?: string };

export const alibabaEndpoint = 'https://dysmsapi.aliyuncs.com/';

/** +8613800000000 → 13800000000; another country's number keeps its code, without the +. */
export const alibabaPhone = (e164: string): string => (e164.startsWith('+86') ? e164.slice(3) : e164.replace(/^\+/, ''));

/** The signed form parameters of one SendSms request. */
export const alibabaSendSmsParams = (config: AlibabaSmsConfig, sms: TemplateSms, at: Date, nonce: string): Record<string, string> => {
  const params: Record<string, string> = {
    AccessKeyId: config.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    OutId: sms.reference,
    PhoneNumbers: alibabaPhone(sms.phone),
    RegionId: config.regionId ?? 'cn-hangzhou',
    SignName: sms.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    TemplateCode: sms.templateCode,
    TemplateParam: JSON.stringify(Object.fromEntries(sms.params.map((p) => [p.name, p.value]))),
    Timestamp: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
  return { ...params, Signature: signRpc('POST', params, config.accessKeySecret) };
};

export const sendAlibabaSms = (config: AlibabaSmsConfig) => async (sms: TemplateSms, deps: SendDeps = {}): Promise<ProviderOutcome> => {
  const params = alibabaSendSmsParams(config, sms, deps.now ?? new Date(), (deps.nonce ?? randomUUID)());
  const body = Object.entries(params).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  const response = await (deps.fetch ?? fetch)(config.endpoint ?? alibabaEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const answer = (await response.json().catch(() => undefined)) as { Code?: string; BizId?: string } | undefined;
  if (!answer?.Code) return transportRefusal(response.status);
  if (answer.Code === 'OK' && answer.BizId) return { kind: 'accepted', providerMessageId: answer.BizId };
  return refusalOf(alibabaRefusals, answer.Code);
};
