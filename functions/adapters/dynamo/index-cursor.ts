/** Index-query cursors: the index key is rebuilt from the item the cursor names (see cursor.ts). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { foreignCursor, parseCursor } from './cursor.js';
import type { IndexAttributes } from './entities/define-entity.js';

type Key = Record<string, unknown>;

/**
 * The start key of a query on an entity's index and partition `expectedPartition`, rebuilt
 * from the item the cursor names. `sortPrefix` (for begins_with queries) must match too.
 */
export const resolveIndexCursor = async (
  cursor: string | undefined,
  index: IndexAttributes,
  expectedPartition: string,
  tenantRoot: string,
  sortPrefix = '',
): Promise<Key | undefined> => {
  if (cursor === undefined) return undefined;
  const key = parseCursor(cursor);
  if (key.pk !== tenantRoot && !key.pk.startsWith(`${tenantRoot}#`)) throw foreignCursor();
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: key, ProjectionExpression: '#p, #s', ExpressionAttributeNames: { '#p': index.pkAttribute, '#s': index.skAttribute } }),
  );
  const indexPk = Item?.[index.pkAttribute];
  const indexSk = Item?.[index.skAttribute];
  if (indexPk !== expectedPartition || typeof indexSk !== 'string' || !indexSk.startsWith(sortPrefix)) throw foreignCursor();
  return { ...key, [index.pkAttribute]: indexPk, [index.skAttribute]: indexSk };
};
