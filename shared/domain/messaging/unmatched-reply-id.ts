/**
 * The id of a reply from an unknown number, as the screen and the paths name it. The stored key
 * is the time SNS received it and the inbound message id, which may hold any characters and run to
 * 200; the id keeps the time (escaped to URL-safe characters, so it finds the item by its sort key
 * prefix) and a short digest of the inbound id (to pick it among replies of the same millisecond).
 * Pure: no Node or browser APIs.
 */

const safe = /[A-Za-z0-9.-]/;

const escape = (text: string): string =>
  [...text].map((c) => (safe.test(c) ? c : [...new TextEncoder().encode(c)].map((b) => `_${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''))).join('');

const unescape = (text: string): string | undefined => {
  if (!/^(?:[A-Za-z0-9.-]|_[0-9A-F]{2})*$/.test(text)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '_') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
};

/** Two FNV-1a passes with different seeds: 64 bits, enough to tell apart replies of one millisecond. */
const digest = (text: string): string =>
  [0x811c9dc5, 0x01000193 ^ 0x5bd1e995]
    .map((seed) => {
      let hash = seed >>> 0;
      for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
      return hash.toString(16).padStart(8, '0');
    })
    .join('');

export const unmatchedReplyIdOf = (reply: { receivedAt: string; inboundMessageId: string }): string => `${escape(reply.receivedAt)}~${digest(reply.inboundMessageId)}`;

/** The receipt time an id names, or undefined for anything that is not such an id. */
export const parseUnmatchedReplyId = (replyId: string): { receivedAt: string; digest: string } | undefined => {
  const match = /^(.{1,120})~([0-9a-f]{16})$/.exec(replyId);
  const receivedAt = match?.[1] ? unescape(match[1]) : undefined;
  return receivedAt && match?.[2] ? { receivedAt, digest: match[2] } : undefined;
};
