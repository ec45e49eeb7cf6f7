import { describe, expect, it } from 'vitest';
import { mainTable } from '../../shared/tables.js';
import { mainTableEntities } from '../../functions/adapters/dynamo/entities/index.js';
import { keyTemplate, type TemplatePart } from '../../functions/adapters/dynamo/entities/key-template.js';
import type { SortKeyCondition } from '../../functions/adapters/dynamo/entities/define-entity.js';
import { patientEntity } from '../../functions/adapters/dynamo/entities/patient.js';
import { recallEntity } from '../../functions/adapters/dynamo/entities/recall.js';
import { sendLedgerEntity } from '../../functions/adapters/dynamo/entities/send-ledger.js';

type KeySpaceEntry = { owner: string; pk: readonly TemplatePart[]; sk: readonly TemplatePart[]; pkText: string; skText: string };

/** A key's `#`-separated segments, each a list of literal text and placeholders. */
const segmentsOf = (parts: readonly TemplatePart[]): TemplatePart[][] => {
  const segments: TemplatePart[][] = [[]];
  for (const part of parts) {
    if (!('literal' in part)) {
      segments[segments.length - 1]?.push(part);
      continue;
    }
    part.literal.split('#').forEach((piece, i) => {
      if (i > 0) segments.push([]);
      if (piece) segments[segments.length - 1]?.push({ literal: piece });
    });
  }
  return segments;
};

const literalPrefix = (parts: readonly TemplatePart[]): string => {
  let out = '';
  for (const part of parts) {
    if (!('literal' in part)) return out;
    out += part.literal;
  }
  return out;
};
const literalSuffix = (parts: readonly TemplatePart[]): string => {
  let out = '';
  for (const part of [...parts].reverse()) {
    if (!('literal' in part)) return out;
    out = part.literal + out;
  }
  return out;
};
const isLiteral = (segment: TemplatePart[]) => segment.every((p) => 'literal' in p);
const regexOf = (segment: TemplatePart[]) =>
  new RegExp(`^${segment.map((p) => ('literal' in p ? p.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '[^#]+')).join('')}$`);

/** Could one string match both segments? Exact for literals, conservative (prefix and suffix) otherwise. */
const segmentsMayMeet = (a: TemplatePart[], b: TemplatePart[]): boolean => {
  if (isLiteral(a) && isLiteral(b)) return literalPrefix(a) === literalPrefix(b);
  if (isLiteral(a)) return regexOf(b).test(literalPrefix(a));
  if (isLiteral(b)) return regexOf(a).test(literalPrefix(b));
  const [pa, pb, sa, sb] = [literalPrefix(a), literalPrefix(b), literalSuffix(a), literalSuffix(b)];
  return (pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa));
};

/** Could one key match both templates? Placeholders never hold `#`, except free text (`{x*}`). */
const keysMayMeet = (a: readonly TemplatePart[], b: readonly TemplatePart[]): boolean => {
  const free = (parts: readonly TemplatePart[]) => parts.some((p) => !('literal' in p) && p.freeText);
  if (free(a) || free(b)) {
    const [pa, pb] = [literalPrefix(a), literalPrefix(b)];
    return pa.startsWith(pb) || pb.startsWith(pa);
  }
  const [sa, sb] = [segmentsOf(a), segmentsOf(b)];
  return sa.length === sb.length && sa.every((segment, i) => segmentsMayMeet(segment, sb[i] ?? []));
};

const entities = Object.entries(mainTableEntities);
const keySpaces = new Map<string, KeySpaceEntry[]>();
const addTo = (space: string, entry: KeySpaceEntry) => keySpaces.set(space, [...(keySpaces.get(space) ?? []), entry]);
for (const [name, entity] of entities) {
  addTo('table', { owner: name, pk: entity.pk.parts, sk: entity.sk.parts, pkText: entity.pk.template, skText: entity.sk.template });
  for (const [indexName, index] of Object.entries(entity.indexes)) {
    addTo(index.name, { owner: `${name}.${indexName}`, pk: index.pk.parts, sk: index.sk.parts, pkText: index.pk.template, skText: index.sk.template });
  }
}

describe('entity declarations', () => {
  it('no two entities can share a key, in the table or in any index', () => {
    const meetings: string[] = [];
    for (const [space, entries] of keySpaces) {
      entries.forEach((a, i) =>
        entries.slice(i + 1).forEach((b) => {
          if (keysMayMeet(a.pk, b.pk) && keysMayMeet(a.sk, b.sk)) meetings.push(`${space}: ${a.owner} (${a.pkText} / ${a.skText}) ~ ${b.owner} (${b.pkText} / ${b.skText})`);
        }),
      );
    }
    expect(meetings).toEqual([]);
  });

  it('the check itself sees a collision when there is one', () => {
    const a = keyTemplate('T#{tenantId}#P#{patientId}').parts;
    const b = keyTemplate('T#{tenantId}#P#{otherId}').parts;
    expect(keysMayMeet(a, b)).toBe(true);
    expect(keysMayMeet(keyTemplate('VISIT#{at}#{id}').parts, keyTemplate('VISIT#{day}').parts)).toBe(false);
    expect(keysMayMeet(keyTemplate('SLOT#D:{id}').parts, keyTemplate('SLOT#CH:{id}').parts)).toBe(false);
    expect(keysMayMeet(keyTemplate('{name*}#{id}').parts, keyTemplate('{x}').parts)).toBe(true);
  });

  it('every index named exists in shared/tables.ts and projects what its readers need', () => {
    const tableIndexes = new Map(mainTable.globalIndexes.map((i) => [i.name, i.projection]));
    for (const [name, entity] of entities) {
      for (const [indexName, index] of Object.entries(entity.indexes)) {
        expect(tableIndexes.has(index.name), `${name}.${indexName} uses ${index.name}`).toBe(true);
        if (index.needs === 'ALL') expect(tableIndexes.get(index.name), `${name}.${indexName} needs ALL`).toBe('ALL');
      }
    }
  });

  it('every key begins with the tenant, but for the two lookups that find the tenant', () => {
    const outside = [...keySpaces.values()].flat().filter((e) => !e.pkText.startsWith('T#{tenantId}')).map((e) => e.owner);
    expect(outside.sort()).toEqual(['chainEntity.registry', 'inboundNumberEntity']);
  });

  it('every entity has its own stored type, except the two kinds of slot', () => {
    const types = entities.map(([, e]) => e.type).filter((t) => t !== 'slot');
    expect(new Set(types).size).toBe(types.length);
  });
});

describe('key templates', () => {
  const visit = keyTemplate('VISIT#{visitedAt}#{visitId}');
  it('fills every placeholder, and reads the prefix up to the first one missing', () => {
    expect(visit.fill({ visitedAt: '2026-01-02T03:04:05.000Z', visitId: 'V1' })).toBe('VISIT#2026-01-02T03:04:05.000Z#V1');
    expect(visit.prefix()).toBe('VISIT#');
    expect(visit.prefix({ visitedAt: '2026-01' })).toBe('VISIT#2026-01#');
    expect(keyTemplate('{clinicId}#{patientId}').prefix({ clinicId: 'C1' })).toBe('C1#');
  });
  it('refuses a missing value and a value holding the separator, but not free text', () => {
    expect(() => visit.fill({ visitedAt: '', visitId: 'V1' })).toThrow(/visitedAt/);
    expect(() => visit.fill({ visitedAt: 'a#b', visitId: 'V1' })).toThrow(/'#'/);
    expect(keyTemplate('{name*}#{id}').fill({ name: 'a#b', id: 'P1' })).toBe('a#b#P1');
  });
});

describe('index queries and moves', () => {
  const { due } = recallEntity.indexes;
  it('names the index and the partition, with the sort key only when a condition reads it', () => {
    expect(due.query({ tenantId: 't1' })).toEqual({
      IndexName: 'gsi1',
      KeyConditionExpression: '#ipk = :ipk',
      ExpressionAttributeNames: { '#ipk': 'gsi1pk' },
      ExpressionAttributeValues: { ':ipk': 'T#t1#RECALLDUE' },
    });
    expect(patientEntity.indexes.byBirthday.query({ tenantId: 't1', monthDay: '03-04' }, { beginsWith: 'C1#' })).toEqual({
      IndexName: 'gsi4',
      KeyConditionExpression: '#ipk = :ipk AND begins_with(#isk, :isk1)',
      ExpressionAttributeNames: { '#ipk': 'gsi4pk', '#isk': 'gsi4sk' },
      ExpressionAttributeValues: { ':ipk': 'T#t1#BDAY#03-04', ':isk1': 'C1#' },
    });
  });

  it('writes each sort-key condition with its own placeholders', () => {
    const condition = (c: SortKeyCondition) => {
      const q = due.query({ tenantId: 't1' }, c);
      return [q.KeyConditionExpression, q.ExpressionAttributeValues];
    };
    expect(condition({ le: '2026-01-02~' })).toEqual(['#ipk = :ipk AND #isk <= :isk1', { ':ipk': 'T#t1#RECALLDUE', ':isk1': '2026-01-02~' }]);
    expect(condition({ lt: 'b' })).toEqual(['#ipk = :ipk AND #isk < :isk1', { ':ipk': 'T#t1#RECALLDUE', ':isk1': 'b' }]);
    expect(condition({ gt: 'a' })).toEqual(['#ipk = :ipk AND #isk > :isk1', { ':ipk': 'T#t1#RECALLDUE', ':isk1': 'a' }]);
    expect(condition({ between: ['a', 'b~'] })).toEqual(['#ipk = :ipk AND #isk BETWEEN :isk1 AND :isk2', { ':ipk': 'T#t1#RECALLDUE', ':isk1': 'a', ':isk2': 'b~' }]);
  });

  it('reads the stored sort key, and moves an item by either key or both', () => {
    const keys = due.keys({ tenantId: 't1', queueDay: '2026-01-02', patientId: 'P1', group: 'cleaning' });
    expect(due.sortKeyOf({ ...keys, patientId: 'P1' })).toBe('2026-01-02#P1#cleaning');
    expect(due.set({ sk: keys.gsi1sk })).toEqual({ clauses: ['gsi1sk = :gsi1sk'], values: { ':gsi1sk': '2026-01-02#P1#cleaning' } });
    const byPurpose = sendLedgerEntity.indexes.byPurpose;
    expect(byPurpose.set({ pk: 'P', sk: 'S' })).toEqual({ clauses: ['gsi4pk = :gsi4pk', 'gsi4sk = :gsi4sk'], values: { ':gsi4pk': 'P', ':gsi4sk': 'S' } });
    expect(due.removeExpression).toBe('gsi1pk, gsi1sk');
  });
});
