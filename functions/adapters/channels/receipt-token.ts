/**
 * The secret part of a chain's receipt address (issue 14): providers push delivery reports to
 * /channels/<channel>/receipts/<tenantId>/<token> and replies to …/replies/…, addresses the owner registers with the
 * provider. The token is an HMAC of the tenant and channel under the API's own secret (the one
 * that seals page cursors, under another label), so it needs no storage and cannot be guessed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from '../api-secret.js';

const receiptKey = (): Buffer => derivedKey('smileloop.receipt-key');

/** What an address is for: each has its own token, so one leaked address gives nothing else away. */
export type AddressKind = 'receipts' | 'replies' | 'wechat-events';

/**
 * The address's secret part. Receipts keep their first form (addresses already registered with a
 * provider stay valid); the WeChat server token is letters and digits only, as WeChat's console
 * accepts (3–32 of them).
 */
export const addressToken = (kind: AddressKind, tenantId: string, channel: string): string => {
  const mac = createHmac('sha256', receiptKey()).update(kind === 'receipts' ? `receipts.v1|${tenantId}|${channel}` : `${kind}.v1|${tenantId}|${channel}`);
  return kind === 'wechat-events' ? mac.digest('hex').slice(0, 32) : mac.digest('base64url').slice(0, 32);
};

export const addressTokenValid = (kind: AddressKind, tenantId: string, channel: string, token: string): boolean => {
  const expected = Buffer.from(addressToken(kind, tenantId, channel));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

export const receiptPath = (tenantId: string, channel: string): string => `/channels/${channel}/receipts/${tenantId}/${addressToken('receipts', tenantId, channel)}`;

/** Where the provider pushes patients' replies: a token of its own (it can opt a number out, so it is worth more than a receipt's). */
export const replyPath = (tenantId: string, channel: string): string => `/channels/${channel}/replies/${tenantId}/${addressToken('replies', tenantId, channel)}`;

/** The chain's WeChat Official Account server address; its last part is also the Token entered in the account's console. */
export const wechatEventsPath = (tenantId: string): string => `/channels/wechat/events/${tenantId}/${addressToken('wechat-events', tenantId, 'wechat')}`;
