/** Runs only the segment-count bench (segment-count.ts): `npx tsx tests/bench/segment-count-run.ts`. */
import { startTwin } from '../../functions/local/twin.js';
import { measureSegmentCount } from './segment-count.js';
import { emit, meterUnits } from './units.js';

const twin = await startTwin({ port: 0, inMemory: true, quiet: true, seedDemo: false, messageCounts: 'on-demand' });
try {
  const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
  await measureSegmentCount(meterUnits(dynamoClient).measure, emit);
} finally {
  await twin.stop();
}
