/**
 * The twin's event source mapping: reads the main table's change stream in DynamoDB Local and
 * hands ledger changes to the message-counts function in batches, as Lambda does in the cloud
 * (infra/constructs/message-counts.ts: ledger items only, a failed batch delivered again).
 * Starts at the stream's end: a twin restarted on its kept data does not count again what the
 * last run counted. `drain` waits until every change made so far has been delivered (tests and
 * the demo seed, before they read the counts).
 *
 * DynamoDB Local numbers stream records across all the tables of its database, and refuses an
 * iterator that points before a shard's first record (as if trimmed): a LATEST iterator taken on
 * a quiet shard fails once another table has written. So "the end" is found by reading the shard
 * through, and an iterator that fails (expired after 15 minutes unused, or refused) is taken again
 * after the last record delivered.
 */
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record as StreamRecord, type Shard, type ShardIteratorType } from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ledgerTenantOf } from '../../shared/domain/kpi/message-changes.js';

export type StreamPoller = {
  drain: () => Promise<void>;
  stop: () => Promise<void>;
  /** each shard's last record handed on: where a reader of the same database, restarted, takes up */
  positions: () => ReadonlyMap<string, string>;
};
export type StreamPollerOptions = { endpoint: string; tableName: string; deliver: (event: DynamoDBStreamEvent) => Promise<unknown>; batchSize?: number;
  /** start after these positions (a previous reader's) instead of reading each shard through to its end */
  after?: ReadonlyMap<string, string>;
  /** how often to read in the background; 0: only when drained (the benches measure the counting apart from the sending) */
  intervalMs?: number };

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const keysOf = (record: StreamRecord): Record<string, unknown> => Object.fromEntries(Object.entries(record.dynamodb?.Keys ?? {}).map(([name, value]) => [name, value.S ?? value.N ?? '']));

type Value = Record<string, unknown>;

/**
 * The streams client reads an empty map back as `{}` (no type at all), which Lambda's event
 * carries as `{"M":{}}`: put the type back, at any depth.
 */
const typed = (value: Value): Value => {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) return { M: image(value.M as Record<string, Value>) };
  if (Array.isArray(value.L)) return { L: (value.L as Value[]).map(typed) };
  return value;
};
const image = (item: Record<string, Value> | undefined): Record<string, Value> | undefined =>
  item ? Object.fromEntries(Object.entries(item).map(([name, value]) => [name, typed(value)])) : undefined;

/** The SDK's record as the Lambda event carries it (same fields, the event's date as seconds). */
const lambdaRecord = (record: StreamRecord, streamArn: string): DynamoDBRecord => {
  const change = record.dynamodb;
  const images = { NewImage: image(change?.NewImage as Record<string, Value> | undefined), OldImage: image(change?.OldImage as Record<string, Value> | undefined) };
  return {
    eventID: record.eventID, eventName: record.eventName, eventSource: 'aws:dynamodb', eventSourceARN: streamArn,
    dynamodb: { ...change, ...images, ApproximateCreationDateTime: (change?.ApproximateCreationDateTime?.getTime() ?? 0) / 1000 },
  } as DynamoDBRecord;
};

/** Where a shard is read from, and the last record handed on (or skipped): where to take up again. */
type ShardState = { iterator: string | undefined; lastSequence: string | undefined };

type Reader = {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  batchSize: number;
};

const iteratorOf = async (reader: Reader, shardId: string, type: ShardIteratorType, sequence?: string): Promise<string | undefined> =>
  (await reader.streams.send(new GetShardIteratorCommand({ StreamArn: reader.streamArn, ShardId: shardId, ShardIteratorType: type, ...(sequence ? { SequenceNumber: sequence } : {}) }))).ShardIterator;

/** A fresh iterator after the last record handed on, or from the shard's start when none was. */
const resume = async (reader: Reader, shardId: string, state: ShardState): Promise<void> => {
  const after = state.lastSequence ? await iteratorOf(reader, shardId, 'AFTER_SEQUENCE_NUMBER', state.lastSequence).catch(() => undefined) : undefined;
  // That record gone too (a day old): the oldest the shard still holds.
  state.iterator = after ?? (await iteratorOf(reader, shardId, 'TRIM_HORIZON'));
};

/** The shard read through without handing anything on: its end, as a position that holds. */
const skipToEnd = async (reader: Reader, shardId: string): Promise<ShardState> => {
  const state: ShardState = { iterator: await iteratorOf(reader, shardId, 'TRIM_HORIZON'), lastSequence: undefined };
  while (state.iterator) {
    const page = await reader.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
    const records = page.Records ?? [];
    state.lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? state.lastSequence;
    if (records.length === 0) break;
    state.iterator = page.NextShardIterator;
  }
  if (state.lastSequence) await resume(reader, shardId, state);
  return state;
};

export const startStreamPoller = async (options: StreamPollerOptions): Promise<StreamPoller> => {
  const config = { endpoint: options.endpoint, region: 'local', credentials };
  const streams = new DynamoDBStreamsClient(config);
  const tables = new DynamoDBClient(config);
  const { Table } = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
  tables.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);
  const reader: Reader = { streams, streamArn, batchSize: options.batchSize ?? 1000 };
  const shards = new Map<string, ShardState>();
  const seen = new Set<string>();
  const listShards = async (): Promise<Shard[]> => {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
      all.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return all;
  };
  /** Open shards at start from their end; shards that appear later (children) from their start. */
  const discover = async (atStart: boolean): Promise<void> => {
    for (const shard of await listShards()) {
      const id = shard.ShardId ?? '';
      if (seen.has(id)) continue;
      seen.add(id);
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      if (atStart && closed) continue;
      const known = atStart ? options.after?.get(id) : undefined;
      if (known) {
        const state: ShardState = { iterator: undefined, lastSequence: known };
        await resume(reader, id, state);
        shards.set(id, state);
      } else shards.set(id, atStart ? await skipToEnd(reader, id) : { iterator: await iteratorOf(reader, id, 'TRIM_HORIZON'), lastSequence: undefined });
    }
  };
  await discover(true);
  return pollerOver({ reader, shards, discover, options });
};

type PollerParts = {
  reader: Reader;
  shards: Map<string, ShardState>;
  discover: (atStart: boolean) => Promise<void>;
  options: StreamPollerOptions;
};

/** A batch that fails is delivered again from the same place, as Lambda does; after this many, drain gives up loudly. */
const attemptsBeforeDrainFails = 5;

/** One page of one shard: handed on, and the position moved past it only once it was. Returns what it read, or 'closed'. */
const readShard = async (reader: Reader, shardId: string, state: ShardState, deliver: StreamPollerOptions['deliver']): Promise<number | 'closed'> => {
  if (!state.iterator) await resume(reader, shardId, state);
  let page;
  try {
    page = await reader.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: reader.batchSize }));
  } catch (error) {
    // Expired or refused: take it up again after the last record handed on, next round.
    state.iterator = undefined;
    throw error;
  }
  const records = page.Records ?? [];
  const ledger = records.filter((r) => ledgerTenantOf(keysOf(r)) !== undefined);
  if (ledger.length) await deliverRecords(deliver, ledger, reader.streamArn);
  state.lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? state.lastSequence;
  if (!page.NextShardIterator) return 'closed';
  state.iterator = page.NextShardIterator;
  return records.length;
};

const deliverRecords = (deliver: StreamPollerOptions['deliver'], records: StreamRecord[], streamArn: string): Promise<unknown> =>
  deliver({ Records: records.map((r) => lambdaRecord(r, streamArn)) });

const pollerOver = ({ reader, shards, discover, options }: PollerParts): StreamPoller => {
  let stopped = false;
  let failures = 0;
  let lastError: unknown;
  /** One round over every shard: how many records it read (ledger or not). */
  const pollOnce = async (): Promise<number> => {
    let read = 0;
    let closed = false;
    for (const [shardId, state] of [...shards]) {
      const result = await readShard(reader, shardId, state, options.deliver);
      if (result === 'closed') closed = shards.delete(shardId);
      else read += result;
    }
    if (closed) await discover(false);
    return read;
  };
  let work: Promise<number> = Promise.resolve(0);
  const round = (): Promise<number> => {
    work = work.catch(() => 0).then(pollOnce).then(
      (read) => { failures = 0; return read; },
      (error: unknown) => {
        failures += 1;
        lastError = error;
        // Ids and names only: never a record's contents.
        if (failures === 1) console.error(`[stream] message counts: a batch failed and is read again (${error instanceof Error ? error.name : 'error'})`);
        return -1;
      },
    );
    return work;
  };
  let rounds = 0;
  const intervalMs = options.intervalMs ?? 250;
  const timer = intervalMs > 0 ? setInterval(() => {
    if (stopped) return;
    // New shards replace closed ones from time to time; look for them every few seconds.
    if (++rounds % 20 === 0) void (work = work.then(async (read) => { await discover(false).catch(() => undefined); return read; }));
    void round();
  }, intervalMs) : undefined;
  timer?.unref();
  const drain = async (): Promise<void> => {
    for (let quiet = 0; quiet < 2;) {
      const read = await round();
      if (read < 0 && failures >= attemptsBeforeDrainFails) throw new Error(`the stream poller failed ${failures} times: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
      quiet = read === 0 ? quiet + 1 : 0;
    }
  };
  const stop = async (): Promise<void> => {
    stopped = true;
    if (timer) clearInterval(timer);
    await work.catch(() => undefined);
    reader.streams.destroy();
  };
  const positions = () => new Map([...shards].flatMap(([id, state]) => (state.lastSequence ? [[id, state.lastSequence] as const] : [])));
  return { drain, stop, positions };
};
