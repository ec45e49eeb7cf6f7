/**
 * Public link secrets: 128 random bits, joined to the tenant id into the token. Items are keyed
 * by the secret's SHA-256, not the secret: page cursors carry item keys, and a reader of the
 * table or of a cursor must not be able to rebuild a working link from them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { notFound } from '../../shared/domain/errors.js';
import { parsePublicLinkToken, publicLinkToken } from '../../shared/domain/public-link.js';

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

export const newPublicLink = (tenantId: string): { token: string; linkHash: string } => {
  const secret = randomBytes(16).toString('base64url');
  return { token: publicLinkToken(tenantId, secret), linkHash: hashOf(secret) };
};

/** A token we could not have issued is simply not found, like a wrong one. */
export const publicLinkFrom = (token: string, what: string): { tenantId: string; linkHash: string } => {
  const parsed = parsePublicLinkToken(token);
  if (!parsed) throw notFound(what);
  return { tenantId: parsed.tenantId, linkHash: hashOf(parsed.secret) };
};
