/**
 * What a WeChat Official Account pushes to the chain's server address (issue 14), as its
 * documentation gives it: every request carries signature = sha1 of the sorted token, timestamp
 * and nonce; the first GET asks us to echo `echostr`; each POST is one XML event. We act on:
 *   subscribe / SCAN with the binding code of a patient's QR (EventKey "qrscene_<code>" or "<code>"):
 *     the openid is linked to that patient, who may then get subscription messages;
 *   unsubscribe: the link is removed;
 *   subscribe_msg_sent_event: the delivery result of a subscription message, by MsgID.
 * Anything else is acknowledged and ignored. Pure: parsing and checks, no I/O.
 */
import { XMLParser } from 'fast-xml-parser';

export { wechatSignatureQuerySchema, wechatSignatureValid, wechatTimestampFresh } from './wechat-signature.js';

export type WechatEvent =
  | { kind: 'follow'; openId: string; bindingCode?: string }
  | { kind: 'unfollow'; openId: string }
  | { kind: 'sent'; openId: string; results: { msgId: string; delivered: boolean; status: string }[] }
  | { kind: 'other' };

let parser: XMLParser | undefined;
const xmlParser = (): XMLParser => (parser ??= new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: false, isArray: (name) => name === 'List' }));

type Pushed = { xml?: { FromUserName?: unknown; MsgType?: unknown; Event?: unknown; EventKey?: unknown; SubscribeMsgSentEvent?: { List?: { MsgID?: unknown; ErrorCode?: unknown; ErrorStatus?: unknown }[] } } };

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The event in an XML push; undefined when it is not the XML WeChat sends. */
export const parseWechatEvent = (xml: string): WechatEvent | undefined => {
  let pushed: Pushed;
  try {
    pushed = xmlParser().parse(xml) as Pushed;
  } catch {
    return undefined;
  }
  const body = pushed.xml;
  const openId = text(body?.FromUserName);
  if (!body || !/^[A-Za-z0-9_-]{6,64}$/.test(openId)) return undefined;
  if (text(body.MsgType) !== 'event') return { kind: 'other' };
  const event = text(body.Event);
  const key = text(body.EventKey);
  if (event === 'subscribe' || event === 'SCAN') {
    const code = event === 'subscribe' ? key.replace(/^qrscene_/, '') : key;
    return { kind: 'follow', openId, ...(code && (event === 'SCAN' || key.startsWith('qrscene_')) ? { bindingCode: code } : {}) };
  }
  if (event === 'unsubscribe') return { kind: 'unfollow', openId };
  if (event === 'subscribe_msg_sent_event') {
    const results = (body.SubscribeMsgSentEvent?.List ?? []).map((r) => ({ msgId: text(r.MsgID), delivered: text(r.ErrorCode) === '0', status: text(r.ErrorStatus) })).filter((r) => /^\d{1,32}$/.test(r.msgId));
    return { kind: 'sent', openId, results };
  }
  return { kind: 'other' };
};
