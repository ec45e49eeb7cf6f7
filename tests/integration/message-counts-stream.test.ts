/**
 * The KPI message counts come off the table's change stream (functions/streams/message-counts.ts),
 * on DynamoDB Local's own stream: what the pipeline records is counted once, a batch delivered
 * again after it was applied counts nothing more, a batch whose delivery failed is delivered again
 * and counted, and the send path itself writes no count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Counters } from '../../shared/domain/kpi/rollup.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let phone = 0;

beforeAll(async () => {
  twin = await startTestTwin({ messageCounts: true });
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const morning = () => new Date(`${today()}T10:00:00+08:00`);

const messageCounters = async (): Promise<Counters> => {
  const { readClinicDays } = await import('../../functions/adapters/dynamo/kpi-repository.js');
  const [day] = await readClinicDays(twin.demo.tenantId, twin.demo.jinganId, today(), today());
  return Object.fromEntries(Object.entries(day?.counters ?? {}).filter(([name]) => name.startsWith('messages.sent')));
};

const newPatient = async (): Promise<Patient> =>
  (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '流计数', phone: `1351234${String(7000 + phone++)}`, clinicId: twin.demo.jinganId, consents: { care: { granted: true, source: 'paper-form' } } } })).body;

const sendRecall = async (patientId: string, occasion: string) => {
  const { sendMessage } = await import('../../functions/services/send-pipeline.js');
  return sendMessage({ tenantId: twin.demo.tenantId, patientId, purpose: 'recall', occasion, template: '{name}您好', ref: { kind: 'standing' } }, { now: morning() });
};

/** A stream record of a ledger item going from claimed to sent, as Lambda's event carries it. */
const sentRecord = (eventID: string, patientId: string): DynamoDBRecord => {
  const item = { pk: `T#${twin.demo.tenantId}#P#${patientId}`, sk: `MSG#recall#${eventID}`, purpose: 'recall', clinicId: twin.demo.jinganId, claimedAt: morning().toISOString() };
  const image = (fields: Record<string, unknown>) => marshall(fields) as Record<string, AttributeValue> as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];
  return {
    eventID, eventName: 'MODIFY',
    dynamodb: {
      Keys: image({ pk: item.pk, sk: item.sk }),
      OldImage: image({ ...item, status: 'claimed', decisions: [] }),
      NewImage: image({ ...item, status: 'sent', decisions: [{ at: morning().toISOString(), kind: 'send' }] }),
    },
  };
};

describe('message counts from the table stream', () => {
  it('counts what the pipeline records once the stream is read, and a duplicate send not again', async () => {
    const patient = await newPatient();
    await twin.settleCounts();
    const before = await messageCounters();
    expect((await sendRecall(patient.patientId, 'stream-count-1')).status).toBe('sent');
    await twin.settleCounts();
    const after = await messageCounters();
    expect((after['messages.sent.recall'] ?? 0) - (before['messages.sent.recall'] ?? 0)).toBe(1);
    expect((after['messages.sent'] ?? 0) - (before['messages.sent'] ?? 0)).toBe(1);
    // The same send again is a duplicate: the ledger does not change, nor do the counts.
    expect((await sendRecall(patient.patientId, 'stream-count-1')).status).toBe('duplicate');
    await twin.settleCounts();
    expect(await messageCounters()).toEqual(after);
  });

  it('counts a batch delivered twice once, and a different batch again', async () => {
    const { handler } = await import('../../functions/streams/message-counts.js');
    await twin.settleCounts();
    const before = (await messageCounters())['messages.sent.recall'] ?? 0;
    const batch: DynamoDBStreamEvent = { Records: [sentRecord('redelivered-1', 'PSTREAM1'), sentRecord('redelivered-2', 'PSTREAM2')] };
    expect((await handler(batch)).updates).toBe(1);
    // Lambda delivers a batch again when the function died after its write: its marker holds.
    await handler(batch);
    expect(((await messageCounters())['messages.sent.recall'] ?? 0) - before).toBe(2);
    await handler({ Records: [sentRecord('another-1', 'PSTREAM3')] });
    expect(((await messageCounters())['messages.sent.recall'] ?? 0) - before).toBe(3);
  });

  it('adds nothing for a batch added long ago (its marker holds, however old)', async () => {
    const { addMessageCounts, batchToken } = await import('../../functions/adapters/dynamo/message-counts-writer.js');
    const { messageCountBatchEntity } = await import('../../functions/adapters/dynamo/entities/kpi.js');
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const before = (await messageCounters())['messages.sent.recall'] ?? 0;
    const ids = ['long-ago-1', 'long-ago-2'];
    const deltas = [{ clinicId: twin.demo.jinganId, day: today(), counters: { 'messages.sent': 2, 'messages.sent.recall': 2 } }];
    // As the first delivery left it, an hour ago: its counts in, its marker beside them.
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...messageCountBatchEntity.key({ tenantId: twin.demo.tenantId, batch: batchToken(ids, `${twin.demo.tenantId}#0`) }), type: 'message-count-batch' } }));
    expect(await addMessageCounts(twin.demo.tenantId, deltas, ids)).toBe(0);
    expect(((await messageCounters())['messages.sent.recall'] ?? 0) - before).toBe(0);
    expect(await addMessageCounts(twin.demo.tenantId, deltas, ['new-batch-1'])).toBe(1);
    expect(((await messageCounters())['messages.sent.recall'] ?? 0) - before).toBe(2);
  });

  it('skips a record it cannot date and counts the rest of its batch', async () => {
    const { handler } = await import('../../functions/streams/message-counts.js');
    const before = (await messageCounters())['messages.sent.recall'] ?? 0;
    const broken = sentRecord('undated-1', 'PSTREAM6');
    const undated = marshall({ pk: `T#${twin.demo.tenantId}#P#PSTREAM6`, sk: 'MSG#recall#undated-1', purpose: 'recall', clinicId: twin.demo.jinganId, status: 'sent', decisions: [{ at: 'not a date', kind: 'send' }] }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];
    const report = await handler({ Records: [{ ...broken, eventName: 'INSERT', dynamodb: { Keys: broken.dynamodb?.Keys, NewImage: undated } }, sentRecord('dated-1', 'PSTREAM7')] });
    expect(report).toMatchObject({ records: 2, tenants: 1, uncountable: 1 });
    expect(((await messageCounters())['messages.sent.recall'] ?? 0) - before).toBe(1);
  });

  it('adds each chain\'s records to that chain\'s rollups only (the chain is the record\'s key, never a field)', async () => {
    const { handler } = await import('../../functions/streams/message-counts.js');
    const { readClinicDays } = await import('../../functions/adapters/dynamo/kpi-repository.js');
    const before = (await messageCounters())['messages.sent.recall'] ?? 0;
    const ours = sentRecord('two-chains-1', 'PSTREAM8');
    const theirs = sentRecord('two-chains-2', 'PSTREAM9');
    const otherKey = (image: NonNullable<DynamoDBRecord['dynamodb']>['NewImage']) => ({ ...image, pk: { S: 'T#OTHERCHAIN#P#PSTREAM9' } });
    const report = await handler({ Records: [ours, { ...theirs, dynamodb: { Keys: otherKey(theirs.dynamodb?.Keys), OldImage: otherKey(theirs.dynamodb?.OldImage), NewImage: otherKey(theirs.dynamodb?.NewImage) } }] });
    expect(report).toMatchObject({ tenants: 2, updates: 2 });
    expect(((await messageCounters())['messages.sent.recall'] ?? 0) - before).toBe(1);
    const [other] = await readClinicDays('OTHERCHAIN', twin.demo.jinganId, today(), today());
    expect(other?.counters['messages.sent.recall']).toBe(1);
  });

  it('ignores items that are not ledger items and removals', async () => {
    const { handler } = await import('../../functions/streams/message-counts.js');
    const record = sentRecord('removed-1', 'PSTREAM4');
    const phoneClaim = sentRecord('phone-1', 'PSTREAM5');
    const phoneKey = marshall({ pk: `T#${twin.demo.tenantId}#PHONE#+8613500000000`, sk: 'MSG#recall#phone-1' }) as NonNullable<DynamoDBRecord['dynamodb']>['Keys'];
    const report = await handler({ Records: [
      { ...record, eventName: 'REMOVE', dynamodb: { Keys: record.dynamodb?.Keys, OldImage: record.dynamodb?.NewImage } },
      { ...phoneClaim, dynamodb: { ...phoneClaim.dynamodb, Keys: phoneKey, NewImage: { ...phoneClaim.dynamodb?.NewImage, ...phoneKey } } },
    ] });
    expect(report).toEqual({ records: 2, tenants: 0, updates: 0, uncountable: 0 });
  });

  it('reads a quiet table\'s stream while other tables of the same database write', async () => {
    const { startStreamPoller } = await import('../../functions/local/stream-poller.js');
    const { CreateTableCommand, PutItemCommand } = await import('@aws-sdk/client-dynamodb');
    const table = (name: string) => ({ TableName: `${twin.tableName}-${name}`, BillingMode: 'PAY_PER_REQUEST' as const, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }, { AttributeName: 'sk', AttributeType: 'S' as const }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }, { AttributeName: 'sk', KeyType: 'RANGE' as const }], StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const } });
    const [quiet, busy] = [table('quiet'), table('busy')];
    for (const t of [quiet, busy]) await twin.dynamo.client.send(new CreateTableCommand(t));
    const delivered: string[] = [];
    const reader = await startStreamPoller({ endpoint: twin.dynamo.endpoint, tableName: quiet.TableName, intervalMs: 0, deliver: async (event) => void delivered.push(...event.Records.map((r) => r.eventID ?? '')) });
    try {
      const put = (t: { TableName: string }, sk: string) => twin.dynamo.client.send(new PutItemCommand({ TableName: t.TableName, Item: { pk: { S: `T#${twin.demo.tenantId}#P#PQUIET` }, sk: { S: sk } } }));
      for (let i = 0; i < 5; i++) await put(busy, `MSG#recall#busy-${i}`);
      await put(quiet, 'MSG#recall#quiet-1');
      await put(quiet, 'MSG#recall#quiet-2');
      await reader.drain();
      expect(delivered).toHaveLength(2);
      for (let i = 5; i < 10; i++) await put(busy, `MSG#recall#busy-${i}`);
      await put(quiet, 'MSG#recall#quiet-3');
      await reader.drain();
      expect(delivered).toHaveLength(3);
    } finally {
      await reader.stop();
    }
  });

  it('takes up after a previous reader\'s positions, without reading the shard through or handing on anything twice', async () => {
    const { startStreamPoller } = await import('../../functions/local/stream-poller.js');
    const seen: string[] = [];
    const options = { endpoint: twin.dynamo.endpoint, tableName: twin.tableName, intervalMs: 0, deliver: async (event: DynamoDBStreamEvent) => void seen.push(...event.Records.map((r) => r.eventID ?? '')) };
    const first = await startStreamPoller(options);
    expect((await sendRecall((await newPatient()).patientId, 'stream-positions-1')).status).toBe('sent');
    await first.drain();
    const handedOn = seen.length;
    expect(handedOn).toBeGreaterThanOrEqual(2);
    const positions = first.positions();
    await first.stop();
    expect((await sendRecall((await newPatient()).patientId, 'stream-positions-2')).status).toBe('sent');
    const second = await startStreamPoller({ ...options, after: positions });
    try {
      await second.drain();
      // The second send's records, once; none of the first's again.
      expect(seen.length - handedOn).toBeGreaterThanOrEqual(2);
      expect(new Set(seen).size).toBe(seen.length);
    } finally {
      await second.stop();
    }
  });

  it('delivers a batch whose function failed again, from the same place, and goes on after it', async () => {
    const { startStreamPoller } = await import('../../functions/local/stream-poller.js');
    const attempts: string[][] = [];
    const reader = await startStreamPoller({
      endpoint: twin.dynamo.endpoint, tableName: twin.tableName, intervalMs: 0,
      deliver: async (event) => {
        attempts.push(event.Records.map((r) => r.eventID ?? ''));
        if (attempts.length === 1) throw new Error('the function timed out');
      },
    });
    try {
      const patient = await newPatient();
      expect((await sendRecall(patient.patientId, 'stream-count-retry')).status).toBe('sent');
      await reader.drain();
      // The claim and the outcome, delivered twice: the failed batch again, not the next one.
      expect(attempts).toHaveLength(2);
      expect(attempts[1]).toEqual(attempts[0]);
      expect(attempts[0]?.length).toBeGreaterThanOrEqual(2);
      // Another patient (one recall per phone a day): the next batch, read after the retried one.
      expect((await sendRecall((await newPatient()).patientId, 'stream-count-retry-2')).status).toBe('sent');
      await reader.drain();
      expect(attempts).toHaveLength(3);
      expect(attempts[2]?.some((id) => attempts[0]?.includes(id))).toBe(false);
    } finally {
      await reader.stop();
    }
  });
});
