import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseWechatEvent, wechatSignatureValid, wechatTimestampFresh } from '../../shared/domain/channels/wechat-events.js';

const sign = (token: string, timestamp: string, nonce: string) => createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
const xml = (inner: string, openId = 'oFollower0001') => `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>1</CreateTime>${inner}</xml>`;

describe('WeChat server pushes', () => {
  it('checks the signature WeChat documents: sha1 of the sorted token, timestamp and nonce', () => {
    const signature = sign('tok', '1795408000', 'abc');
    expect(wechatSignatureValid('tok', { signature, timestamp: '1795408000', nonce: 'abc' })).toBe(true);
    expect(wechatSignatureValid('other', { signature, timestamp: '1795408000', nonce: 'abc' })).toBe(false);
    expect(wechatSignatureValid('tok', { signature, timestamp: '1795408001', nonce: 'abc' })).toBe(false);
    expect(wechatSignatureValid('tok', { timestamp: '1795408000', nonce: 'abc' })).toBe(false);
    expect(wechatSignatureValid('tok', { signature: 'zz', timestamp: '1795408000', nonce: 'abc' })).toBe(false);
  });

  it('refuses a push more than five minutes off', () => {
    const now = new Date(1795408000 * 1000);
    expect(wechatTimestampFresh('1795408000', now)).toBe(true);
    expect(wechatTimestampFresh('1795407600', now)).toBe(false);
    expect(wechatTimestampFresh('soon', now)).toBe(false);
  });

  it('reads follows with and without a QR, unfollows and delivery results; ignores the rest', () => {
    expect(parseWechatEvent(xml('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_b.CODE]]></EventKey>'))).toEqual({ kind: 'follow', openId: 'oFollower0001', bindingCode: 'b.CODE' });
    expect(parseWechatEvent(xml('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[]]></EventKey>'))).toEqual({ kind: 'follow', openId: 'oFollower0001' });
    expect(parseWechatEvent(xml('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[b.CODE]]></EventKey>'))).toEqual({ kind: 'follow', openId: 'oFollower0001', bindingCode: 'b.CODE' });
    expect(parseWechatEvent(xml('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event>'))).toEqual({ kind: 'unfollow', openId: 'oFollower0001' });
    const sent = '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_sent_event]]></Event><SubscribeMsgSentEvent><List><TemplateId><![CDATA[t1]]></TemplateId><MsgID>1700827132819554304</MsgID><ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus></List></SubscribeMsgSentEvent>';
    expect(parseWechatEvent(xml(sent))).toEqual({ kind: 'sent', openId: 'oFollower0001', results: [{ msgId: '1700827132819554304', delivered: true, status: 'success' }] });
    expect(parseWechatEvent(xml('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content>'))).toEqual({ kind: 'other' });
  });

  it('is not fooled by a body that is not WeChat’s XML or an openid that is not one', () => {
    expect(parseWechatEvent('{"FromUserName":"x"}')).toBeUndefined();
    expect(parseWechatEvent(xml('<MsgType>event</MsgType>', 'bad id with spaces'))).toBeUndefined();
    expect(parseWechatEvent('<!DOCTYPE x [<!ENTITY a "aaaa">]><xml><FromUserName>&a;&a;</FromUserName></xml>')).toBeUndefined();
  });
});
