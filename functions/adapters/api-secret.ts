/**
 * Keys derived from the API's one secret (CURSOR_SECRET, a Secrets Manager value set by infra):
 * each use gets its own 256-bit key under its own label, so a value made for one purpose (a page
 * cursor, a receipt address) is worthless for another. The local twin and the tests use a fixed
 * development secret unless one is set; a deployed function (mode 'cloud') must be given the
 * secret and fails on first use without it.
 */
import { createHash } from 'node:crypto';
import { envNames } from '../../shared/tables.js';
import { requireEnv } from './config.js';

const devSecret = 'smileloop-local-twin-cursor-secret';
const keys = new Map<string, Buffer>();

export const derivedKey = (label: string): Buffer => {
  const cached = keys.get(label);
  if (cached) return cached;
  const secret = process.env[envNames.mode] === 'cloud' ? requireEnv(envNames.cursorSecret) : (process.env[envNames.cursorSecret] || devSecret);
  // Any secret string becomes a 256-bit key; the secret store hands out text, not raw bytes.
  const key = createHash('sha256').update(label).update(secret).digest();
  keys.set(label, key);
  return key;
};
