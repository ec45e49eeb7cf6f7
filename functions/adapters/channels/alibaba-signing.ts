/**
 * Alibaba Cloud's RPC request signature (POP, SignatureVersion 1.0, HMAC-SHA1), as documented in
 * "Signature mechanism" for RPC APIs such as Dysmsapi's SendSms: the parameters sorted by name,
 * each name and value percent-encoded by Alibaba's rules, joined into the string to sign
 * `METHOD&%2F&encode(query)`, signed with the AccessKey secret followed by "&". Written here (a
 * few lines of node:crypto) rather than taken from the SDK, whose runtime would dwarf the bundle.
 */
import { createHmac } from 'node:crypto';

/** RFC 3986 encoding as Alibaba wants it: encodeURIComponent, plus ! ' ( ) * encoded; ~ kept. */
export const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The sorted, encoded query without the signature (also what a verifier rebuilds). */
export const canonicalQuery = (params: Readonly<Record<string, string>>): string =>
  Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&');

export const stringToSign = (method: 'GET' | 'POST', params: Readonly<Record<string, string>>): string =>
  `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;

/** Base64 HMAC-SHA1 of the string to sign, keyed by `secret&`. */
export const signRpc = (method: 'GET' | 'POST', params: Readonly<Record<string, string>>, accessKeySecret: string): string =>
  createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params), 'utf8').digest('base64');
