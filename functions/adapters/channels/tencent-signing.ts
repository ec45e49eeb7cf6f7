/**
 * Tencent Cloud API 3.0's TC3-HMAC-SHA256 signature, as documented ("Signature v3"): a canonical
 * request of method, URI "/", empty query, the content-type and host headers and the body's
 * SHA-256; a string to sign with the timestamp and the credential scope (UTC date/service/
 * tc3_request); a signing key derived by HMAC-SHA256 from "TC3" + secret key through date,
 * service and "tc3_request". Written with node:crypto rather than the SDK (bundle size).
 */
import { createHash, createHmac } from 'node:crypto';

export type Tc3Request = {
  secretId: string;
  secretKey: string;
  /** the product, e.g. "sms"; its host is `${service}.tencentcloudapi.com` unless `host` says otherwise */
  service: string;
  host: string;
  contentType: string;
  /** the request body exactly as sent */
  payload: string;
  /** X-TC-Timestamp, seconds */
  timestamp: number;
};

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();

export const signedHeaders = 'content-type;host';

/** The UTC day of the timestamp (the scope's date; a local date fails at midnight in China). */
export const scopeDate = (timestamp: number): string => new Date(timestamp * 1000).toISOString().slice(0, 10);

export const canonicalRequest = (r: Pick<Tc3Request, 'host' | 'contentType' | 'payload'>): string =>
  ['POST', '/', '', `content-type:${r.contentType}\nhost:${r.host}\n`, signedHeaders, sha256Hex(r.payload)].join('\n');

export const tc3Signature = (r: Tc3Request): string => {
  const date = scopeDate(r.timestamp);
  const scope = `${date}/${r.service}/tc3_request`;
  const toSign = ['TC3-HMAC-SHA256', String(r.timestamp), scope, sha256Hex(canonicalRequest(r))].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${r.secretKey}`, date), r.service), 'tc3_request');
  return createHmac('sha256', signingKey).update(toSign, 'utf8').digest('hex');
};

/** The Authorization header's value. */
export const tc3Authorization = (r: Tc3Request): string =>
  `TC3-HMAC-SHA256 Credential=${r.secretId}/${scopeDate(r.timestamp)}/${r.service}/tc3_request, SignedHeaders=${signedHeaders}, Signature=${tc3Signature(r)}`;
