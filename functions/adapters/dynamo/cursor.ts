/**
 * Page cursors. A cursor carries only the primary key (pk, sk) of the last item of a page, never
 * an index sort key, and it is sealed: AES-256-GCM under a key from the configuration, so a reader
 * learns nothing from it (a message's sort key holds its occasion, which may name a treatment:
 * invariant 12) and a forged or altered cursor fails authentication and is a 400, never a 500.
 * For an index query the index key is rebuilt from the item itself, and the cursor is accepted only
 * when that item belongs to the partition being queried: a sealed cursor of another list, tenant
 * or clinic still cannot start a page there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { invalid } from '../../../shared/domain/errors.js';
import { derivedKey } from '../api-secret.js';

type Key = Record<string, unknown>;
export type PrimaryKey = { pk: string; sk: string };

/** Bound into every seal, so a ciphertext made for another purpose under the same key is refused. */
const cursorContext = Buffer.from('smileloop.cursor.v1');
const ivBytes = 12;
const tagBytes = 16;

const cursorKey = (): Buffer => derivedKey('smileloop.cursor-key');

const seal = (plain: string): string => {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', cursorKey(), iv);
  cipher.setAAD(cursorContext);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
};

const notOurs = () => invalid('cursor', 'is not a cursor this API returned', { code: 'cursor.invalid' });

/** The plain text of a cursor this API sealed; anything else (forged, altered, truncated) is a 400. */
const open = (cursor: string): string => {
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length <= ivBytes + tagBytes || raw.toString('base64url') !== cursor) throw notOurs();
  try {
    const decipher = createDecipheriv('aes-256-gcm', cursorKey(), raw.subarray(0, ivBytes));
    decipher.setAAD(cursorContext);
    decipher.setAuthTag(raw.subarray(ivBytes, ivBytes + tagBytes));
    return Buffer.concat([decipher.update(raw.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
  } catch {
    throw notOurs();
  }
};

export const encodeCursor = (lastKey: Key | undefined): string | undefined => {
  if (lastKey === undefined) return undefined;
  const { pk, sk } = lastKey;
  return seal(JSON.stringify({ pk, sk }));
};

export const parseCursor = (cursor: string): PrimaryKey => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(open(cursor));
  } catch (error) {
    if (error instanceof SyntaxError) throw notOurs();
    throw error;
  }
  const key = parsed as Partial<PrimaryKey> | null;
  const exact = typeof key === 'object' && key !== null && !Array.isArray(key) && Object.keys(key).sort().join() === 'pk,sk';
  if (!exact || typeof key.pk !== 'string' || typeof key.sk !== 'string' || key.pk.length > 512 || key.sk.length > 512) throw notOurs();
  return { pk: key.pk, sk: key.sk };
};

export const foreignCursor = () => invalid('cursor', 'does not belong to this list; start again without it', { code: 'cursor.invalid' });

/** The start key of a table query on partition `expectedPartition`. */
export const decodeCursor = (cursor: string | undefined, _partitionAttribute: 'pk', expectedPartition: string): Key | undefined => {
  if (cursor === undefined) return undefined;
  const key = parseCursor(cursor);
  if (key.pk !== expectedPartition) throw foreignCursor();
  return key;
};
