/**
 * The China SMS providers (issue 14): each signature matches the provider's documented example,
 * and each adapter, pointed at a local fake that checks the request and its signature as the
 * provider documents them, gets its message accepted, and turns each documented refusal into a
 * ledger outcome that is retried only when a later try can succeed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentEncode, signRpc } from '../../functions/adapters/channels/alibaba-signing.js';
import { tc3Signature } from '../../functions/adapters/channels/tencent-signing.js';
import { alibabaPhone, sendAlibabaSms } from '../../functions/adapters/channels/alibaba-sms.js';
import { sendTencentSms } from '../../functions/adapters/channels/tencent-sms.js';
import { startAlibabaSmsFake } from '../../functions/local/provider-fakes/alibaba-sms-fake.js';
import { startTencentSmsFake } from '../../functions/local/provider-fakes/tencent-sms-fake.js';
import type { TemplateSms } from '../../functions/adapters/channels/template-sms.js';

describe('request signatures, against the providers\' documented examples', () => {
  it('Alibaba RPC (HMAC-SHA1): the DescribeRegions example signs to OLeaidS1JvxuMvnyHOwuJ+uX5qY=', () => {
    const params = { AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1', SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0', Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-26' };
    expect(signRpc('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(percentEncode("a b*c~d!'()【】")).toBe('a%20b%2Ac~d%21%27%28%29%E3%80%90%E3%80%91');
  });

  it('Tencent TC3-HMAC-SHA256: the CVM DescribeInstances example signs to 72e494ea…', () => {
    const signature = tc3Signature({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', service: 'cvm', host: 'cvm.tencentcloudapi.com',
      contentType: 'application/json; charset=utf-8', payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}', timestamp: 1551113065,
    });
    expect(signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
  });
});

const recall = (phone: string, over: Partial<TemplateSms> = {}): TemplateSms => ({
  phone, signName: '微笑口腔', templateCode: 'SMS_100', params: [{ name: 'name', value: '王女士' }, { name: 'clinic', value: '静安店' }], reference: 'T1|P1|recall|r.2026-12', ...over,
});

describe('Alibaba Cloud SMS adapter against the local fake', () => {
  let fake: Awaited<ReturnType<typeof startAlibabaSmsFake>>;
  beforeAll(async () => {
    fake = await startAlibabaSmsFake({ keys: { LTAIkey: 'secret-1' }, signNames: ['微笑口腔'], templates: { SMS_100: ['name', 'clinic'] }, dailyCapPerNumber: 2, blockedNumbers: ['13900000009'] });
  });
  afterAll(async () => fake.close());
  const send = (over: { secret?: string } = {}) => sendAlibabaSms({ accessKeyId: 'LTAIkey', accessKeySecret: over.secret ?? 'secret-1', endpoint: fake.url });

  it('sends a template with named parameters and its reference; the fake sees the national number', async () => {
    const outcome = await send()(recall('+8613800000001'));
    expect(outcome).toMatchObject({ kind: 'accepted' });
    expect(fake.accepted.at(-1)).toMatchObject({ phone: '13800000001', templateCode: 'SMS_100', params: { name: '王女士', clinic: '静安店' }, outId: 'T1|P1|recall|r.2026-12' });
    expect(alibabaPhone('+85261234567')).toBe('85261234567');
  });

  it('a wrong secret, an unapproved template, a missing parameter, a blocked number: refused, never retried', async () => {
    expect(await send({ secret: 'wrong' })(recall('+8613800000002'))).toEqual({ kind: 'refused', code: 'SignatureDoesNotMatch', reason: 'credentials', retryable: false });
    expect(await send()(recall('+8613800000002', { templateCode: 'SMS_999' }))).toMatchObject({ code: 'isv.SMS_TEMPLATE_ILLEGAL', reason: 'template-not-approved', retryable: false });
    expect(await send()(recall('+8613800000002', { params: [{ name: 'name', value: '王' }] }))).toMatchObject({ code: 'isv.TEMPLATE_MISSING_PARAMETERS', reason: 'parameters', retryable: false });
    expect(await send()(recall('+8613900000009'))).toMatchObject({ reason: 'content-refused', retryable: false });
  });

  it('the per-number daily cap: the third message to one number is rate limited, retried later', async () => {
    expect(await send()(recall('+8613800000003'))).toMatchObject({ kind: 'accepted' });
    expect(await send()(recall('+8613800000003'))).toMatchObject({ kind: 'accepted' });
    expect(await send()(recall('+8613800000003'))).toEqual({ kind: 'refused', code: 'isv.BUSINESS_LIMIT_CONTROL', reason: 'rate-limited', retryable: true });
  });

  it('a request replayed with the same nonce is refused by the fake, as by the service', async () => {
    const fixed = { nonce: () => 'same-nonce' };
    expect(await send()(recall('+8613800000004'), fixed)).toMatchObject({ kind: 'accepted' });
    expect(await send()(recall('+8613800000004'), fixed)).toMatchObject({ kind: 'refused', code: 'SignatureNonceUsed' });
  });
});

describe('Tencent Cloud SMS adapter against the local fake', () => {
  let fake: Awaited<ReturnType<typeof startTencentSmsFake>>;
  beforeAll(async () => {
    fake = await startTencentSmsFake({ keys: { AKIDkey: 'secret-2' }, smsSdkAppId: '1400000001', signNames: ['微笑口腔'], templates: { '100': 2 }, dailyCapPerNumber: 1, blockedNumbers: ['+8613900000009'] });
  });
  afterAll(async () => fake.close());
  const send = (over: { secret?: string } = {}) => sendTencentSms({ secretId: 'AKIDkey', secretKey: over.secret ?? 'secret-2', smsSdkAppId: '1400000001', endpoint: fake.url });
  const tencent = (phone: string, over: Partial<TemplateSms> = {}) => recall(phone, { templateCode: '100', ...over });

  it('sends a template with ordered parameters and its session context', async () => {
    expect(await send()(tencent('+8613800000011'))).toMatchObject({ kind: 'accepted' });
    expect(fake.accepted.at(-1)).toMatchObject({ phone: '+8613800000011', templateId: '100', params: ['王女士', '静安店'], sessionContext: 'T1|P1|recall|r.2026-12' });
  });

  it('a wrong secret, a stale timestamp, an unapproved template, a long parameter, a blacklisted number: refused, not retried', async () => {
    expect(await send({ secret: 'wrong' })(tencent('+8613800000012'))).toEqual({ kind: 'refused', code: 'AuthFailure.SignatureFailure', reason: 'credentials', retryable: false });
    expect(await send()(tencent('+8613800000012'), { now: new Date(Date.now() - 10 * 60_000) })).toMatchObject({ code: 'AuthFailure.SignatureExpire', retryable: false });
    expect(await send()(tencent('+8613800000012', { templateCode: '999' }))).toMatchObject({ reason: 'template-not-approved', retryable: false });
    expect(await send()(tencent('+8613800000012', { params: [{ name: 'name', value: '王女士王女士王女士王女士王' }, { name: 'clinic', value: '静安店' }] }))).toMatchObject({ reason: 'parameters', retryable: false });
    expect(await send()(tencent('+8613900000009'))).toMatchObject({ code: 'FailedOperation.PhoneNumberInBlacklist', reason: 'number-blocked', retryable: false });
  });

  it('the daily cap per number: rate limited and retried later; a provider outage is retried too', async () => {
    expect(await send()(tencent('+8613800000013'))).toMatchObject({ kind: 'accepted' });
    expect(await send()(tencent('+8613800000013'))).toMatchObject({ code: 'LimitExceeded.PhoneNumberDailyLimit', reason: 'rate-limited', retryable: true });
    const outage = (async () => new Response('<html>502</html>', { status: 502 })) as typeof fetch;
    expect(await send()(tencent('+8613800000014'), { fetch: outage })).toEqual({ kind: 'refused', code: 'HTTP 502', reason: 'provider-error', retryable: true });
  });
});
