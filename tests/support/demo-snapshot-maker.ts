/**
 * Seeds the small demo chain once, through the services, into tables of its own on the suite's
 * DynamoDB Local, and writes them to a file (functions/local/demo-snapshot.ts). Run as a child
 * process by the suite's global setup: a twin configures the modules it imports, so it gets a
 * process of its own. `tsx tests/support/demo-snapshot-maker.ts <dynamo endpoint> <file>`
 */
import { startTwin } from '../../functions/local/twin.js';
import { demoDay, readSnapshot, saveSnapshot } from '../../functions/local/demo-snapshot.js';
import { localTableName } from '../../functions/local/dynamo-local.js';
import { mainTable } from '../../shared/tables.js';

const [endpoint, file] = process.argv.slice(2);
if (!endpoint || !file) throw new Error('usage: demo-snapshot-maker <dynamo endpoint> <file>');
const seededDay = demoDay(new Date());
const twin = await startTwin({ port: 0, inMemory: true, quiet: true, dynamoEndpoint: endpoint });
try {
  // The jobs the seed set off (care messages of its checkouts, facts) are part of the demo.
  await twin.bus.idle();
  // Their messages' counts too: twins started from the snapshot read the stream from its end.
  await twin.settleCounts();
  if (!twin.demoTenantId) throw new Error('the demo chain was not seeded');
  const suffix = twin.tableName.slice(localTableName(mainTable).length);
  saveSnapshot(file, await readSnapshot(twin.dynamo.client, suffix, { demoTenantId: twin.demoTenantId, seededDay }));
} finally {
  await twin.stop();
}
