/**
 * How a request from WeChat to the chain's Official Account server address is authenticated
 * (wechat-events.ts reads what it says). Apart from the XML parsing so the route table, which
 * declares the query, does not carry the parser.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/** The signature WeChat adds to every request's query (the first GET also carries `echostr` to echo back). */
export const wechatSignatureQuerySchema = z.object({
  signature: z.string().max(64).optional(),
  timestamp: z.string().max(16).optional(),
  nonce: z.string().max(64).optional(),
  echostr: z.string().max(128).optional(),
});

/** sha1(sort([token, timestamp, nonce]).join('')), compared in constant time. */
export const wechatSignatureValid = (token: string, query: { signature?: string; timestamp?: string; nonce?: string }): boolean => {
  const { signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce || !/^[0-9a-f]{40}$/.test(signature)) return false;
  const expected = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
  return timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
};

/** A push older or newer than five minutes is refused: a captured request cannot be replayed later. */
export const wechatTimestampFresh = (timestamp: string | undefined, now: Date): boolean =>
  timestamp !== undefined && /^\d{1,12}$/.test(timestamp) && Math.abs(now.getTime() / 1000 - Number(timestamp)) <= 300;

