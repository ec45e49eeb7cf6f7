/**
 * The small demo chain as data, for the test suite: seeded once per run through the services
 * (demo-seed.ts, by tests/support/demo-snapshot-maker.ts), its tables read whole, and written into
 * each test file's own tables instead of seeding again (two seconds of writes, scrypt hashes and
 * jobs per file, over a hundred files). Items are kept as DynamoDB's own attribute values, so
 * sets, numbers and binary (the packed segment facts, in base64 in the file) come back exactly as
 * they were written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { BatchWriteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { localDay } from '../../shared/domain/time.js';
import { tableDefinitions } from '../../shared/tables.js';
import { localTableName } from './dynamo-local.js';

type Item = Record<string, AttributeValue>;
/** `seededDay`: the demo clinics' local day when it was seeded (its appointments are "today"). */
export type DemoSnapshot = { demoTenantId: string; seededDay: string; tables: Record<string, Item[]> };

/** The demo's clinics are in Shanghai; their "today" is the day the snapshot holds. */
export const demoDay = (now: Date): string => localDay(now, 'Asia/Shanghai');

const scanAll = async (client: DynamoDBClient, tableName: string): Promise<Item[]> => {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

/** Every item of the twin's tables (named with `suffix`), by table id. */
export const readSnapshot = async (client: DynamoDBClient, suffix: string, demo: { demoTenantId: string; seededDay: string }): Promise<DemoSnapshot> => {
  const tables: Record<string, Item[]> = {};
  for (const definition of tableDefinitions) tables[definition.id] = await scanAll(client, localTableName(definition, suffix));
  return { ...demo, tables };
};

/** JSON keeps no bytes: a binary value is written as { "B64": "<base64>" } and read back as bytes. */
const binaryReplacer = (_key: string, value: unknown): unknown => (value instanceof Uint8Array ? { B64: Buffer.from(value).toString('base64') } : value);
const binaryReviver = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && Object.keys(value).length === 1 && typeof (value as { B64?: unknown }).B64 === 'string' ? new Uint8Array(Buffer.from((value as { B64: string }).B64, 'base64')) : value;

export const saveSnapshot = (path: string, snapshot: DemoSnapshot): void => writeFileSync(path, JSON.stringify(snapshot, binaryReplacer));
export const loadSnapshot = (path: string): DemoSnapshot => JSON.parse(readFileSync(path, 'utf8'), binaryReviver) as DemoSnapshot;

/** The snapshot, unless Shanghai's day has turned since it was seeded (a run across midnight): then the twin seeds. */
export const currentSnapshot = (path: string, now: Date): DemoSnapshot | undefined => {
  const snapshot = loadSnapshot(path);
  return snapshot.seededDay === demoDay(now) ? snapshot : undefined;
};

/** Writes the snapshot's items into the tables named with `suffix` (25 to a call, unprocessed items again). */
export const writeSnapshot = async (client: DynamoDBClient, suffix: string, snapshot: DemoSnapshot): Promise<void> => {
  for (const definition of tableDefinitions) {
    const tableName = localTableName(definition, suffix);
    const items = snapshot.tables[definition.id] ?? [];
    const batches: WriteRequest[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })));
    await Promise.all(batches.map(async (batch) => {
      let pending: WriteRequest[] | undefined = batch;
      for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
        if (attempt === 10) throw new Error(`demo snapshot: ${tableName} kept refusing writes`);
        const answer: { UnprocessedItems?: Record<string, WriteRequest[]> } = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        pending = answer.UnprocessedItems?.[tableName];
      }
    }));
  }
};
