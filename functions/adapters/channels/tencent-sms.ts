/**
 * Tencent Cloud SMS (API 3.0, SendSms 2021-01-11) through its documented HTTP API: a JSON body
 * signed with TC3-HMAC-SHA256 (tencent-signing.ts) and POSTed to the configured endpoint (the
 * public one, or a local fake). One number per request, so the answer is that number's status:
 * the request's own error (bad signature, rate limit) or the number's code in SendStatusSet.
 */
import { tencentRefusals, refusalOf, type ProviderOutcome } from '../../../shared/domain/channels/provider-outcomes.js';
import { tc3Authorization } from './tencent-signing.js';
import { transportRefusal, type SendDeps, type TemplateSms } from './template-sms.js';

export type TencentSmsConfig = { secretId: string; secretKey: string; smsSdkAppId: string; region?: string; endpoint?: string };

export const tencentEndpoint = 'https://sms.tencentcloudapi.com/';
const contentType = 'application/json; charset=utf-8';

type TencentAnswer = { Response?: { Error?: { Code?: string }; SendStatusSet?: { Code?: string; SerialNo?: string }[] } };

/** The body and headers of one SendSms request, signed at `at`. */
export const tencentSendSmsRequest = (config: TencentSmsConfig, sms: TemplateSms, at: Date): { body: string; headers: Record<string, string> } => {
  const body = JSON.stringify({
    PhoneNumberSet: [sms.phone],
    SmsSdkAppId: config.smsSdkAppId,
    SignName: sms.signName,
    TemplateId: sms.templateCode,
    TemplateParamSet: sms.params.map((p) => p.value),
    SessionContext: sms.reference,
  });
  const timestamp = Math.floor(at.getTime() / 1000);
  const host = new URL(config.endpoint ?? tencentEndpoint).host;
  const authorization = tc3Authorization({ secretId: config.secretId, secretKey: config.secretKey, service: 'sms', host, contentType, payload: body, timestamp });
  return {
    body,
    headers: { Authorization: authorization, 'Content-Type': contentType, 'X-TC-Action': 'SendSms', 'X-TC-Version': '2021-01-11', 'X-TC-Timestamp': String(timestamp), 'X-TC-Region': config.region ?? 'ap-guangzhou' },
  };
};

export const sendTencentSms = (config: TencentSmsConfig) => async (sms: TemplateSms, deps: SendDeps = {}): Promise<ProviderOutcome> => {
  const { body, headers } = tencentSendSmsRequest(config, sms, deps.now ?? new Date());
  const response = await (deps.fetch ?? fetch)(config.endpoint ?? tencentEndpoint, { method: 'POST', headers, body });
  const answer = (await response.json().catch(() => undefined)) as TencentAnswer | undefined;
  if (!answer?.Response) return transportRefusal(response.status);
  if (answer.Response.Error?.Code) return refusalOf(tencentRefusals, answer.Response.Error.Code);
  const status = answer.Response.SendStatusSet?.[0];
  if (status?.Code === 'Ok' && status.SerialNo) return { kind: 'accepted', providerMessageId: status.SerialNo };
  return refusalOf(tencentRefusals, status?.Code ?? 'missing-status');
};
