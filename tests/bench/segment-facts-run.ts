/** Runs only the segment-facts bench (segment-facts.ts): `npx tsx tests/bench/segment-facts-run.ts`. */
import { startTwin } from '../../functions/local/twin.js';
import { measureSegmentFacts } from './segment-facts.js';
import { emit, meterUnits } from './units.js';

const twin = await startTwin({ port: 0, inMemory: true, quiet: true, seedDemo: false, messageCounts: 'on-demand' });
try {
  const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
  await measureSegmentFacts(meterUnits(dynamoClient).measure, emit);
} finally {
  await twin.stop();
}
