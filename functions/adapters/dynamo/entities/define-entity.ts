/**
 * Entities as data (DESIGN.md, "Shapes the next features share"): one declaration per entity
 * states its primary key format, each index it appears in with that index's key format and
 * what its readers need projected, and which stored attributes never leave the repository.
 * Writers and readers take keys from here; a unit test walks every declaration to prove no two
 * entities can share a key and that every index named exists in `shared/tables.ts`.
 *
 * Why our own ~100 lines rather than ElectroDB or dynamodb-toolbox v2: both fit a single table,
 * but ElectroDB writes its own key formats (`$entity_1#…`), which would mean migrating every item
 * already stored, and both bring their own command layer beside the lib-dynamodb transactions
 * that checkout, merge and void build by hand (up to 100 actions, with positions that name
 * which condition failed). We need the declarations and the checks, not a second way to write;
 * the bundle stays as it is.
 */
import { mainTable } from '../../../../shared/tables.js';
import { keyTemplate, type KeyTemplate, type TemplateValues } from './key-template.js';

export type IndexName = 'gsi1' | 'gsi2' | 'gsi3' | 'gsi4' | 'gsi5';

/** What the readers of an index need from the item: all of it, or only the keys. */
export type IndexNeed = 'ALL' | 'KEYS_ONLY';

export type IndexDeclaration = {
  index: IndexName;
  pk: string;
  sk: string;
  needs: IndexNeed;
};

export type EntityDeclaration = {
  /** the stored `type` attribute, also the entity's name in tests and errors */
  type: string;
  pk: string;
  sk: string;
  indexes?: Record<string, IndexDeclaration>;
  /** stored attributes a reader never returns (e.g. the consent history on a profile) */
  internal?: readonly string[];
};

type IndexKeys<I extends IndexName> = { [A in `${I}pk` | `${I}sk`]: string };

/** The attributes that hold an index's keys on an item (what a cursor over the index rebuilds). */
export type IndexAttributes = { readonly pkAttribute: string; readonly skAttribute: string };

/** A condition on an index's sort key, as DynamoDB allows in a key condition. */
export type SortKeyCondition =
  | { beginsWith: string }
  | { le: string }
  | { lt: string }
  | { gt: string }
  | { between: readonly [string, string] };

/**
 * The part of a `QueryCommand` input that picks an index partition and a sort-key range in it.
 * Placeholders are `#ipk`/`#isk` and `:ipk`/`:isk1`/`:isk2`, so a caller can spread it and merge
 * its own filter or projection names and values beside them.
 */
export type IndexQuery = {
  IndexName: IndexName;
  KeyConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, string>;
};

/**
 * `SET` clauses that put an item at new index keys, with their values. The placeholders are
 * named after the attributes (`:gsi2pk`), so two indexes can move in the same update.
 */
export type IndexPlacement = { clauses: string[]; values: Record<string, string> };

export type EntityIndex<D extends IndexDeclaration> = {
  readonly name: D['index'];
  readonly pkAttribute: `${D['index']}pk`;
  readonly skAttribute: `${D['index']}sk`;
  readonly needs: IndexNeed;
  readonly pk: KeyTemplate<D['pk']>;
  readonly sk: KeyTemplate<D['sk']>;
  /** the two index attributes to write on the item */
  keys(values: TemplateValues<D['pk']> & TemplateValues<D['sk']>): IndexKeys<D['index']>;
  /** for `REMOVE` when the item leaves a sparse index */
  readonly removeExpression: string;
  /** Query input for the partition `values` fill, optionally narrowed by a sort-key condition. */
  query(values: TemplateValues<D['pk']>, condition?: SortKeyCondition): IndexQuery;
  /** The sort key an item read from this index is stored under (a queue key a later write conditions on). */
  sortKeyOf(item: Record<string, unknown>): string;
  /** Moves an item within (or into) the index: either key, or both, already filled. */
  set(keys: { pk?: string; sk?: string }): IndexPlacement;
};

export type Entity<D extends EntityDeclaration> = {
  readonly type: D['type'];
  readonly pk: KeyTemplate<D['pk']>;
  readonly sk: KeyTemplate<D['sk']>;
  readonly indexes: { readonly [N in keyof D['indexes']]: D['indexes'][N] extends IndexDeclaration ? EntityIndex<D['indexes'][N]> : never };
  readonly internal: readonly string[];
  key(values: TemplateValues<D['pk']> & TemplateValues<D['sk']>): { pk: string; sk: string };
  /** A partition and the sort-key prefix of a range in it, for `begins_with` queries. */
  range(values: TemplateValues<D['pk']> & Partial<TemplateValues<D['sk']>>): { pk: string; skPrefix: string };
  /** A stored item as the record it holds: every attribute but storage ones, so no field can vanish on read. */
  fromItem<R>(item: Record<string, unknown>): R;
};

/** Attributes that hold storage, not data: never returned by a repository. */
export const storageAttributes: ReadonlySet<string> = new Set([
  'pk', 'sk', 'type', 'tenantId', 'expiresAt',
  // Every index's key attributes, read from the table definition so a new index cannot leak.
  ...mainTable.globalIndexes.flatMap((i) => [i.partitionKey.name, i.sortKey.name]),
]);

const sortKeyExpression = (condition: SortKeyCondition): { expression: string; values: Record<string, string> } => {
  if ('beginsWith' in condition) return { expression: 'begins_with(#isk, :isk1)', values: { ':isk1': condition.beginsWith } };
  if ('le' in condition) return { expression: '#isk <= :isk1', values: { ':isk1': condition.le } };
  if ('lt' in condition) return { expression: '#isk < :isk1', values: { ':isk1': condition.lt } };
  if ('gt' in condition) return { expression: '#isk > :isk1', values: { ':isk1': condition.gt } };
  return { expression: '#isk BETWEEN :isk1 AND :isk2', values: { ':isk1': condition.between[0], ':isk2': condition.between[1] } };
};

const indexQuery = (name: IndexName, attributes: IndexAttributes, partition: string, condition: SortKeyCondition | undefined): IndexQuery => {
  // DynamoDB refuses a name or value the expression does not use: the sort key appears only with a condition.
  if (!condition) {
    return { IndexName: name, KeyConditionExpression: '#ipk = :ipk', ExpressionAttributeNames: { '#ipk': attributes.pkAttribute }, ExpressionAttributeValues: { ':ipk': partition } };
  }
  const sort = sortKeyExpression(condition);
  return {
    IndexName: name,
    KeyConditionExpression: `#ipk = :ipk AND ${sort.expression}`,
    ExpressionAttributeNames: { '#ipk': attributes.pkAttribute, '#isk': attributes.skAttribute },
    ExpressionAttributeValues: { ':ipk': partition, ...sort.values },
  };
};

const indexPlacement = (attributes: IndexAttributes, keys: { pk?: string; sk?: string }): IndexPlacement => {
  const placed = [
    ...(keys.pk === undefined ? [] : [[attributes.pkAttribute, keys.pk] as const]),
    ...(keys.sk === undefined ? [] : [[attributes.skAttribute, keys.sk] as const]),
  ];
  return { clauses: placed.map(([attribute]) => `${attribute} = :${attribute}`), values: Object.fromEntries(placed.map(([attribute, value]) => [`:${attribute}`, value])) };
};

const defineIndex = <D extends IndexDeclaration>(declaration: D): EntityIndex<D> => {
  const pk = keyTemplate(declaration.pk);
  const sk = keyTemplate(declaration.sk);
  const pkAttribute = `${declaration.index}pk` as const;
  const skAttribute = `${declaration.index}sk` as const;
  return {
    name: declaration.index,
    pkAttribute,
    skAttribute,
    needs: declaration.needs,
    pk,
    sk,
    keys: (values) => ({ [pkAttribute]: pk.fill(values), [skAttribute]: sk.fill(values) }) as IndexKeys<D['index']>,
    removeExpression: `${pkAttribute}, ${skAttribute}`,
    query: (values, condition) => indexQuery(declaration.index, { pkAttribute, skAttribute }, pk.fill(values), condition),
    sortKeyOf: (item) => String(item[skAttribute]),
    set: (keys) => indexPlacement({ pkAttribute, skAttribute }, keys),
  };
};

export const defineEntity = <const D extends EntityDeclaration>(declaration: D): Entity<D> => {
  const pk = keyTemplate(declaration.pk);
  const sk = keyTemplate(declaration.sk);
  const internal = declaration.internal ?? [];
  const hidden = new Set([...storageAttributes, ...internal]);
  const indexes = Object.fromEntries(Object.entries(declaration.indexes ?? {}).map(([name, index]) => [name, defineIndex(index)]));
  return {
    type: declaration.type,
    pk,
    sk,
    indexes: indexes as Entity<D>['indexes'],
    internal,
    key: (values) => ({ pk: pk.fill(values), sk: sk.fill(values) }),
    range: (values) => ({ pk: pk.fill(values), skPrefix: sk.prefix(values) }),
    fromItem: <R>(item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([name]) => !hidden.has(name))) as R,
  };
};
