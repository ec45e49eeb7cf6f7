/**
 * A local stand-in for Alibaba Cloud SMS's SendSms, for tests and the twin. It checks a request as
 * the service documents it: a form POST with the RPC common parameters, a timestamp within 15
 * minutes, a nonce never seen before, the HMAC-SHA1 signature over the sorted parameters with the
 * key's secret; then the sign name and template (registered and approved), the template's
 * parameters, and the per-number daily cap. It answers with the service's codes and records
 * what it accepted.
 */
import { randomUUID } from 'node:crypto';
import { signRpc } from '../../adapters/channels/alibaba-signing.js';
import { DailyCounts, startFakeServer, type FakeAnswer, type FakeServer } from './fake-server.js';

export type AlibabaFakeOptions = {
  keys: Readonly<Record<string, string>>;
  signNames: readonly string[];
  /** approved template codes and the parameter names each needs */
  templates: Readonly<Record<string, readonly string[]>>;
  dailyCapPerNumber?: number;
  blockedNumbers?: readonly string[];
  now?: () => Date;
  /** told of each message accepted (the twin pushes its status report from here) */
  onAccepted?: (message: AlibabaAccepted) => void;
};

export type AlibabaAccepted = { bizId: string; phone: string; signName: string; templateCode: string; params: Record<string, string>; outId: string };

const required = ['AccessKeyId', 'Action', 'Format', 'PhoneNumbers', 'SignName', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'TemplateCode', 'Timestamp', 'Version', 'Signature'];

export const startAlibabaSmsFake = async (options: AlibabaFakeOptions): Promise<FakeServer & { accepted: AlibabaAccepted[] }> => {
  const accepted: AlibabaAccepted[] = [];
  const nonces = new Set<string>();
  const daily = new DailyCounts();
  const fail = (Code: string, status = 200): FakeAnswer => ({ status, json: { Code, Message: Code, RequestId: randomUUID() } });
  const server = await startFakeServer(({ method, headers, body }) => {
    if (method !== 'POST' || !String(headers['content-type']).startsWith('application/x-www-form-urlencoded')) return fail('InvalidParameter', 400);
    const params = Object.fromEntries(new URLSearchParams(body));
    if (required.some((name) => !params[name]) || params.Action !== 'SendSms' || params.Version !== '2017-05-25' || params.SignatureMethod !== 'HMAC-SHA1') return fail('MissingParameter', 400);
    const secret = options.keys[params.AccessKeyId ?? ''];
    if (secret === undefined) return fail('InvalidAccessKeyId.NotFound', 404);
    const now = (options.now ?? (() => new Date()))();
    if (Math.abs(now.getTime() - Date.parse(params.Timestamp ?? '')) > 15 * 60_000 || !/Z$/.test(params.Timestamp ?? '')) return fail('InvalidTimeStamp.Expired', 400);
    if (nonces.has(params.SignatureNonce ?? '')) return fail('SignatureNonceUsed', 400);
    if (signRpc('POST', params, secret) !== params.Signature) return fail('SignatureDoesNotMatch', 400);
    nonces.add(params.SignatureNonce ?? '');
    return sendSms(params, now);
  });
  const sendSms = (params: Record<string, string>, now: Date): FakeAnswer => {
    const phone = params.PhoneNumbers ?? '';
    if (!/^1\d{10}$/.test(phone)) return fail('isv.MOBILE_NUMBER_ILLEGAL');
    if (!options.signNames.includes(params.SignName ?? '')) return fail('isv.SMS_SIGNATURE_ILLEGAL');
    const needs = options.templates[params.TemplateCode ?? ''];
    if (!needs) return fail('isv.SMS_TEMPLATE_ILLEGAL');
    let values: Record<string, string>;
    try { values = JSON.parse(params.TemplateParam ?? '{}') as Record<string, string>; } catch { return fail('isv.INVALID_JSON_PARAM'); }
    if (needs.some((name) => values[name] === undefined)) return fail('isv.TEMPLATE_MISSING_PARAMETERS');
    if (Object.values(values).some((v) => String(v).length > 35)) return fail('isv.PARAM_LENGTH_LIMIT');
    if (options.blockedNumbers?.includes(phone)) return fail('isv.BLACK_KEY_CONTROL_LIMIT');
    const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    if (!daily.take(phone, day, options.dailyCapPerNumber ?? 10)) return fail('isv.BUSINESS_LIMIT_CONTROL');
    const bizId = `${Date.now()}^${accepted.length}`;
    const message = { bizId, phone, signName: params.SignName ?? '', templateCode: params.TemplateCode ?? '', params: values, outId: params.OutId ?? '' };
    accepted.push(message);
    options.onAccepted?.(message);
    return { status: 200, json: { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: randomUUID() } };
  };
  return { ...server, accepted };
};
