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
import { keyTemplate, type KeyTemplate, type TemplateValues } from './key-template.js';

export type IndexName = 'gsi1' | 'gsi2' | 'gsi3' | 'gsi4';

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
  ...(['gsi1', 'gsi2', 'gsi3', 'gsi4'] as const).flatMap((i) => [`${i}pk`, `${i}sk`]),
]);

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
