/**
 * Page cursors. A cursor carries only the primary key (pk, sk) of the last item of a page, which
 * holds tenant and record ids but never an index sort key (those hold phones and names: a
 * marketing user must not read a number out of a cursor). For an index query the index key is
 * rebuilt from the item itself, and the cursor is accepted only when that item belongs to the
 * partition being queried: a crafted cursor cannot start a page in another tenant's or clinic's
 * partition, and a malformed one is a 400, never a 500.
 */
import { invalid } from '../../../shared/domain/errors.js';

type Key = Record<string, unknown>;
export type PrimaryKey = { pk: string; sk: string };

export const encodeCursor = (lastKey: Key | undefined): string | undefined => {
  if (lastKey === undefined) return undefined;
  const { pk, sk } = lastKey;
  return Buffer.from(JSON.stringify({ pk, sk }), 'utf8').toString('base64url');
};

export const parseCursor = (cursor: string): PrimaryKey => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('cursor', 'is not a cursor this API returned', { code: 'cursor.invalid' });
  }
  const key = parsed as Partial<PrimaryKey> | null;
  const exact = typeof key === 'object' && key !== null && !Array.isArray(key) && Object.keys(key).sort().join() === 'pk,sk';
  if (!exact || typeof key.pk !== 'string' || typeof key.sk !== 'string' || key.pk.length > 512 || key.sk.length > 512) {
    throw invalid('cursor', 'is not a cursor this API returned', { code: 'cursor.invalid' });
  }
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
