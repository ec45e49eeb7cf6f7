/**
 * A local stand-in for Tencent Cloud SMS's SendSms (API 3.0), for tests and the twin. It checks a
 * request as the service documents it: a JSON POST with X-TC-Action/Version/Timestamp/Region, a
 * timestamp within 5 minutes, an Authorization of TC3-HMAC-SHA256 with the key's credential scope
 * and a signature over content-type and host; then the SDK app id, sign name, template (approved,
 * with its number of parameters, each at most 12 characters for a personal-verified account) and
 * the per-number daily cap. It answers with the service's error codes and per-number statuses.
 */
import { randomUUID } from 'node:crypto';
import { scopeDate, signedHeaders, tc3Signature } from '../../adapters/channels/tencent-signing.js';
import { DailyCounts, startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './fake-server.js';

export type TencentFakeOptions = {
  keys: Readonly<Record<string, string>>;
  smsSdkAppId: string;
  signNames: readonly string[];
  /** approved template ids and how many parameters each takes */
  templates: Readonly<Record<string, number>>;
  parameterMaxLength?: number;
  dailyCapPerNumber?: number;
  blockedNumbers?: readonly string[];
  now?: () => Date;
  /** told of each message accepted (the twin pushes its status callback from here) */
  onAccepted?: (message: TencentAccepted) => void;
};

export type TencentAccepted = { serialNo: string; phone: string; signName: string; templateId: string; params: string[]; sessionContext: string };
type SendSmsBody = { PhoneNumberSet?: string[]; SmsSdkAppId?: string; SignName?: string; TemplateId?: string; TemplateParamSet?: string[]; SessionContext?: string };

const error = (Code: string): FakeAnswer => ({ status: 200, json: { Response: { Error: { Code, Message: Code }, RequestId: randomUUID() } } });

/** The request's own checks: headers, freshness and the TC3 signature; undefined when it passes. */
const refuseRequest = ({ method, headers, body }: FakeRequest, options: TencentFakeOptions): FakeAnswer | undefined => {
  if (method !== 'POST' || headers['x-tc-action'] !== 'SendSms' || headers['x-tc-version'] !== '2021-01-11' || !headers['x-tc-region']) return error('InvalidAction');
  const timestamp = Number(headers['x-tc-timestamp']);
  const now = (options.now ?? (() => new Date()))();
  if (!Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > 300) return error('AuthFailure.SignatureExpire');
  const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(String(headers.authorization ?? ''));
  if (!auth || auth[3] !== signedHeaders || auth[2] !== scopeDate(timestamp)) return error('AuthFailure.InvalidAuthorization');
  const secretKey = options.keys[auth[1] ?? ''];
  if (secretKey === undefined) return error('AuthFailure.SecretIdNotFound');
  const expected = tc3Signature({ secretId: auth[1] ?? '', secretKey, service: 'sms', host: String(headers.host), contentType: String(headers['content-type']), payload: body, timestamp });
  return expected === auth[4] ? undefined : error('AuthFailure.SignatureFailure');
};

export const startTencentSmsFake = async (options: TencentFakeOptions): Promise<FakeServer & { accepted: TencentAccepted[] }> => {
  const accepted: TencentAccepted[] = [];
  const daily = new DailyCounts();
  const server = await startFakeServer((request) => {
    const refused = refuseRequest(request, options);
    if (refused) return refused;
    let sms: SendSmsBody;
    try { sms = JSON.parse(request.body) as SendSmsBody; } catch { return error('InvalidParameter'); }
    if (sms.SmsSdkAppId !== options.smsSdkAppId) return error('UnauthorizedOperation.SmsSdkAppIdVerifyFail');
    if (!options.signNames.includes(sms.SignName ?? '')) return error('FailedOperation.SignatureIncorrectOrUnapproved');
    const count = options.templates[sms.TemplateId ?? ''];
    const params = sms.TemplateParamSet ?? [];
    if (count === undefined) return error('FailedOperation.TemplateIncorrectOrUnapproved');
    if (params.length !== count) return error('InvalidParameterValue.TemplateParameterFormatError');
    if (params.some((p) => p.length > (options.parameterMaxLength ?? 12))) return error('InvalidParameterValue.TemplateParameterLengthLimit');
    const day = new Date((options.now ?? (() => new Date()))().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const statuses = (sms.PhoneNumberSet ?? []).map((phone) => {
      const code = !/^\+861\d{10}$/.test(phone) ? 'InvalidParameterValue.IncorrectPhoneNumber'
        : options.blockedNumbers?.includes(phone) ? 'FailedOperation.PhoneNumberInBlacklist'
        : !daily.take(phone, day, options.dailyCapPerNumber ?? 10) ? 'LimitExceeded.PhoneNumberDailyLimit' : 'Ok';
      const serialNo = code === 'Ok' ? randomUUID() : '';
      if (code === 'Ok') {
        const message = { serialNo, phone, signName: sms.SignName ?? '', templateId: sms.TemplateId ?? '', params, sessionContext: sms.SessionContext ?? '' };
        accepted.push(message);
        options.onAccepted?.(message);
      }
      return { SerialNo: serialNo, PhoneNumber: phone, Fee: code === 'Ok' ? 1 : 0, SessionContext: sms.SessionContext ?? '', Code: code, Message: code === 'Ok' ? 'send success' : code, IsoCode: 'CN' };
    });
    return { status: 200, json: { Response: { SendStatusSet: statuses, RequestId: randomUUID() } } };
  });
  return { ...server, accepted };
};
