import { describe, expect, it } from 'vitest';
import { mainTable, tableDefinitions, type KeyAttribute } from '../../shared/tables.js';
import { logicalId, resourcesOf, synthesized } from './synth.js';

const keySchema = (partition: KeyAttribute, sort?: KeyAttribute) => [
  { AttributeName: partition.name, KeyType: 'HASH' },
  ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' }] : []),
];

const mainTableResource = () => {
  const { stack, template } = synthesized();
  const resource = resourcesOf(template, 'AWS::DynamoDB::Table')[logicalId(stack, stack.data.table)];
  if (!resource) throw new Error('main table not in template');
  return resource;
};

describe('data table', () => {
  it('deploys exactly the cloud-scope definitions of shared/tables.ts', () => {
    const { stack, template } = synthesized();
    const cloud = tableDefinitions.filter((d) => d.scope === 'cloud-and-local').map((d) => d.id);
    expect([...stack.tables.keys()].sort()).toEqual([...cloud].sort());
    expect(Object.keys(resourcesOf(template, 'AWS::DynamoDB::Table')).sort()).toEqual(
      [...stack.tables.values()].map((t) => logicalId(stack, t.table)).sort(),
    );
  });

  it('never deploys a local-only table (Cognito replaces the local identity store)', () => {
    const { template } = synthesized();
    const localOnly = tableDefinitions.filter((d) => d.scope === 'local-only');
    expect(localOnly.length).toBeGreaterThan(0);
    const ids = Object.keys(template.toJSON().Resources as Record<string, unknown>);
    for (const definition of localOnly) {
      expect(ids.filter((id) => id.startsWith(definition.id))).toEqual([]);
    }
    // And no table has a partition-key-only schema like the local identity table's.
    for (const table of Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'))) {
      expect(table.Properties.KeySchema).toHaveLength(2);
    }
  });

  it('has the key schema, attributes, indexes and TTL of mainTable', () => {
    const { Properties: table } = mainTableResource();
    expect(table.KeySchema).toEqual(keySchema(mainTable.partitionKey, mainTable.sortKey));

    const indexes = (table.GlobalSecondaryIndexes as { IndexName: string }[])
      .slice()
      .sort((a, b) => a.IndexName.localeCompare(b.IndexName));
    expect(indexes).toEqual(
      mainTable.globalIndexes
        .map((index) => ({
          IndexName: index.name,
          KeySchema: keySchema(index.partitionKey, index.sortKey),
          Projection: { ProjectionType: index.projection },
        }))
        .sort((a, b) => a.IndexName.localeCompare(b.IndexName)),
    );

    const keys = [
      mainTable.partitionKey,
      ...(mainTable.sortKey ? [mainTable.sortKey] : []),
      ...mainTable.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ];
    const byName = (a: { AttributeName: string }, b: { AttributeName: string }) => a.AttributeName.localeCompare(b.AttributeName);
    expect((table.AttributeDefinitions as { AttributeName: string }[]).slice().sort(byName)).toEqual(
      keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })).sort(byName),
    );
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: mainTable.ttlAttribute, Enabled: true });
  });

  it('protects clinic data: PITR, encryption, deletion protection, RETAIN', () => {
    const resource = mainTableResource();
    expect(resource.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(resource.Properties.SSESpecification).toMatchObject({ SSEEnabled: true });
    expect(resource.Properties.DeletionProtectionEnabled).toBe(true);
    expect(resource.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
  });
});
