/**
 * Runs only the automations bench (automations.ts) on an in-memory twin:
 * `BENCH_QUICK=1 npx tsx tests/bench/automations-run.ts` while iterating on the send pipeline.
 */
import { startTwin } from '../../functions/local/twin.js';
import { measureAutomations } from './automations.js';
import { emit, meterUnits } from './units.js';

const twin = await startTwin({ port: 0, inMemory: true, quiet: true, seedDemo: false, messageCounts: 'on-demand' });
try {
  const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
  await measureAutomations(meterUnits(dynamoClient).measure, emit, twin.settleCounts);
} finally {
  await twin.stop();
}
