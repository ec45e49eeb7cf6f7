/**
 * WeChat subscription notices (issue 14) against the local fake of the Official Account API:
 * sent only to a patient who subscribed (a one-time subscription is used up), the access token
 * kept and renewed once when WeChat says it is no longer valid, and each documented errcode turned
 * into a ledger outcome retried only when retrying can succeed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wechatSubscriptionSender } from '../../functions/adapters/channels/wechat-subscription.js';
import { startWechatFake } from '../../functions/local/provider-fakes/wechat-fake.js';

const recallTemplate = 'tmpl-recall';
const notice = (openId: string, over: { thing?: string } = {}) => ({ openId, templateId: recallTemplate, data: [{ name: 'thing1', value: over.thing ?? '洁牙复查' }, { name: 'time2', value: '2026-12-20 10:00' }] });

describe('WeChat subscription notices against the local fake', () => {
  let fake: Awaited<ReturnType<typeof startWechatFake>>;
  const subscriptions = new Map<string, Map<string, number | 'long-term'>>([
    ['o-once', new Map([[recallTemplate, 1]])],
    ['o-long', new Map<string, number | 'long-term'>([[recallTemplate, 'long-term']])],
  ]);
  beforeAll(async () => {
    fake = await startWechatFake({ appId: 'wx-chain', appSecret: 's3cret', templates: { [recallTemplate]: ['thing1', 'time2'] }, subscriptions });
  });
  afterAll(async () => fake.close());

  it('a one-time subscription carries one notice; the next is refused (43101), not retried', async () => {
    const send = wechatSubscriptionSender({ appId: 'wx-chain', appSecret: 's3cret', endpoint: fake.url });
    expect(await send(notice('o-once'))).toMatchObject({ kind: 'accepted' });
    expect(fake.accepted.at(-1)).toMatchObject({ openId: 'o-once', templateId: recallTemplate, data: { thing1: '洁牙复查', time2: '2026-12-20 10:00' } });
    expect(await send(notice('o-once'))).toEqual({ kind: 'refused', code: '43101', reason: 'number-blocked', retryable: false });
    expect(await send(notice('o-never'))).toMatchObject({ code: '43101' });
  });

  it('a long-term subscription keeps carrying; an over-long value and an unknown template are named', async () => {
    const send = wechatSubscriptionSender({ appId: 'wx-chain', appSecret: 's3cret', endpoint: fake.url });
    expect(await send(notice('o-long'))).toMatchObject({ kind: 'accepted' });
    expect(await send(notice('o-long'))).toMatchObject({ kind: 'accepted' });
    expect(await send(notice('o-long', { thing: '这是一段超过二十个字符的复查提醒内容需要缩短后再发送' }))).toMatchObject({ code: '47003', reason: 'parameters', retryable: false });
    expect(await send({ ...notice('o-long'), templateId: 'nope' })).toMatchObject({ code: '40037', reason: 'template-not-approved' });
  });

  it('reuses its token, renews it once when WeChat calls it invalid, and a wrong secret is a credentials refusal', async () => {
    let tokenCalls = 0;
    const counting = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes('stable_token')) tokenCalls += 1;
      return fetch(input, init);
    }) as typeof fetch;
    const send = wechatSubscriptionSender({ appId: 'wx-chain', appSecret: 's3cret', endpoint: fake.url });
    await send(notice('o-long'), { fetch: counting });
    await send(notice('o-long'), { fetch: counting });
    expect(tokenCalls).toBe(1);
    fake.expireTokens();
    expect(await send(notice('o-long'), { fetch: counting })).toMatchObject({ kind: 'accepted' });
    expect(tokenCalls).toBe(2);
    const wrong = wechatSubscriptionSender({ appId: 'wx-chain', appSecret: 'wrong', endpoint: fake.url });
    expect(await wrong(notice('o-long'))).toEqual({ kind: 'refused', code: '40125', reason: 'credentials', retryable: false });
  });
});

describe('the message id WeChat answers', () => {
  it('keeps all 19 digits of a msgid sent as a JSON number (a double would round it)', async () => {
    const { wechatSubscriptionSender: sender } = await import('../../functions/adapters/channels/wechat-subscription.js');
    const answers = ['{"access_token":"t1","expires_in":7200}', '{"errcode":0,"errmsg":"ok","msgid":1700827132819554304}'];
    const fake = (async () => new Response(answers.shift() ?? '{}', { status: 200 })) as typeof fetch;
    const outcome = await sender({ appId: 'wx1', appSecret: 's' })({ openId: 'o1', templateId: 't', data: [] }, { fetch: fake });
    expect(outcome).toEqual({ kind: 'accepted', providerMessageId: '1700827132819554304' });
  });
});
