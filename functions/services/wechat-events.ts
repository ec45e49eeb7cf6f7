/**
 * The chain's WeChat Official Account server address (issue 14): WeChat signs every request with
 * the token the owner entered in the account's console (the last part of the address, which only
 * Smileloop can make), and we refuse anything unsigned, badly signed or older than five minutes.
 * A follow through a patient's QR links that patient, an unfollow unlinks, and the delivery result
 * of a subscription message lands on the message it names, as the SMS providers' reports do.
 */
import { parseWechatEvent, wechatSignatureValid, wechatTimestampFresh, type WechatEvent } from '../../shared/domain/channels/wechat-events.js';
import { DomainError, invalidFields } from '../../shared/domain/errors.js';
import { patientOfBindingCode } from '../adapters/channels/wechat-binding.js';
import { linkWechatFollower, unlinkWechatFollower } from '../adapters/dynamo/wechat-follower-repository.js';
import { applyReportsByProviderId, checkReceiptAddress } from './delivery-receipts.js';

export type WechatSignatureQuery = { signature?: string; timestamp?: string; nonce?: string };

/** The address's token, then WeChat's signature over it, then freshness: 401 before anything is read. */
export const checkWechatRequest = (tenantId: string, token: string, query: WechatSignatureQuery, now: Date): void => {
  checkReceiptAddress(tenantId, 'wechat', token, 'wechat-events');
  if (!wechatSignatureValid(token, query) || !wechatTimestampFresh(query.timestamp, now)) {
    throw new DomainError('unauthenticated', 'This request is not signed by WeChat for this address, or is too old');
  }
};

/** Delivery results of subscription messages, as the SMS providers' reports (by MsgID). */
const applySent = (tenantId: string, event: Extract<WechatEvent, { kind: 'sent' }>, now: Date) =>
  applyReportsByProviderId(
    tenantId,
    'wechat',
    event.results.map((r) => ({ providerMessageId: r.msgId, status: r.delivered ? 'delivered' : 'failed', ...(r.delivered ? {} : { code: r.status.slice(0, 64) || 'failed' }) })),
    now,
  );

/** One pushed event, acted on; an event we do not use is acknowledged all the same (WeChat would retry it). */
export const handleWechatPush = async (tenantId: string, xml: string, now: Date): Promise<WechatEvent['kind']> => {
  const event = parseWechatEvent(xml);
  if (!event) throw invalidFields([{ path: '(body)', message: 'is not an event WeChat sends (XML with FromUserName)', code: 'body.invalid_xml' }]);
  const at = now.toISOString();
  if (event.kind === 'follow' && event.bindingCode) {
    const patientId = patientOfBindingCode(tenantId, event.bindingCode);
    if (patientId) await linkWechatFollower(tenantId, patientId, event.openId, at);
  }
  if (event.kind === 'unfollow') await unlinkWechatFollower(tenantId, event.openId, at);
  if (event.kind === 'sent') await applySent(tenantId, event, now);
  return event.kind;
};
