/**
 * The demo chain every connected test file starts with is written from one seeding per run
 * (functions/local/demo-snapshot.ts): what a file's twin holds at start must be exactly what the
 * seeding left, sets and bytes (the packed segment facts) included.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;

beforeAll(async () => {
  twin = await startTestTwin();
});
afterAll(async () => twin?.stop());

// Every start sweeps claims left by a killed twin and stamps that sweep's checkpoint: the one item a start rewrites.
const sweptAtStart = (item: Record<string, unknown>): boolean => JSON.stringify(item.sk ?? null).includes('JOBCHECKPOINT#claim-sweep#');
const sortedByKey = <T extends Record<string, unknown>>(items: T[]): T[] =>
  items.filter((item) => !sweptAtStart(item)).sort((a, b) => JSON.stringify([a.pk, a.sk]).localeCompare(JSON.stringify([b.pk, b.sk])));

describe('the demo snapshot', () => {
  it('a twin started from it holds exactly the seeded items, binary attributes included', async () => {
    const { demoDay, loadSnapshot, readSnapshot } = await import('../../functions/local/demo-snapshot.js');
    const { localTableName } = await import('../../functions/local/dynamo-local.js');
    const { mainTable } = await import('../../shared/tables.js');
    const seeded = loadSnapshot(inject('demoSnapshot'));
    if (twin.demo.tenantId !== seeded.demoTenantId) {
      // Only when Shanghai's day turned between the seeding and this twin's start: it seeded its own.
      expect(demoDay(new Date())).not.toBe(seeded.seededDay);
      return;
    }
    const started = await readSnapshot(twin.dynamo.client, twin.tableName.slice(localTableName(mainTable).length), seeded);
    const main = seeded.tables[mainTable.id] ?? [];
    expect(main.length).toBeGreaterThan(50);
    expect(main.some((item) => Object.values(item).some((value) => value.B !== undefined))).toBe(true);
    for (const [table, items] of Object.entries(seeded.tables)) expect(sortedByKey(started.tables[table] ?? []), table).toEqual(sortedByKey(items));
  });
});
