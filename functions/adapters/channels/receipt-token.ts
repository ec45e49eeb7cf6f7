/**
 * The secret part of a chain's receipt address (issue 14): providers push delivery reports to
 * /channels/<channel>/receipts/<tenantId>/<token> and replies to …/replies/…, addresses the owner registers with the
 * provider. The token is an HMAC of the tenant and channel under the API's own secret (the one
 * that seals page cursors, under another label), so it needs no storage and cannot be guessed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from '../api-secret.js';

const receiptKey = (): Buffer => derivedKey('smileloop.receipt-key');

export const receiptToken = (tenantId: string, channel: string): string =>
  createHmac('sha256', receiptKey()).update(`receipts.v1|${tenantId}|${channel}`).digest('base64url').slice(0, 32);

export const receiptTokenValid = (tenantId: string, channel: string, token: string): boolean => {
  const expected = Buffer.from(receiptToken(tenantId, channel));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

export const receiptPath = (tenantId: string, channel: string): string => `/channels/${channel}/receipts/${tenantId}/${receiptToken(tenantId, channel)}`;

/** Where the provider pushes patients' replies: the same secret, its own path. */
export const replyPath = (tenantId: string, channel: string): string => `/channels/${channel}/replies/${tenantId}/${receiptToken(tenantId, channel)}`;

/** The chain's WeChat Official Account server address; its last part is also the Token entered in the account's console. */
export const wechatEventsPath = (tenantId: string): string => `/channels/wechat/events/${tenantId}/${receiptToken(tenantId, 'wechat')}`;
