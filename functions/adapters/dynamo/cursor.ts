/**
 * Page cursors are DynamoDB's LastEvaluatedKey, base64url-encoded. A cursor is accepted only
 * when it belongs to the partition being queried, so a crafted cursor cannot start a page in
 * another tenant's or clinic's partition.
 */
import { invalid } from '../../../shared/domain/errors.js';

type Key = Record<string, unknown>;

export const encodeCursor = (key: Key | undefined): string | undefined =>
  key === undefined ? undefined : Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export const decodeCursor = (cursor: string | undefined, partitionAttribute: string, expectedPartition: string): Key | undefined => {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('cursor', 'is not a cursor this API returned');
  }
  const isPlainObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  const values = isPlainObject ? Object.values(parsed as Key) : [];
  if (!isPlainObject || values.some((v) => typeof v !== 'string') || (parsed as Key)[partitionAttribute] !== expectedPartition) {
    throw invalid('cursor', 'does not belong to this list; start again without it');
  }
  return parsed as Key;
};
