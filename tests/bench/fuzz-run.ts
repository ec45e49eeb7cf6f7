/**
 * Runs only the fuzz bench (fuzz.ts) on a fresh twin: `npx tsx tests/bench/fuzz-run.ts`, with
 * FUZZ_SEED=<seed> to replay a run `npm run bench` printed.
 */
import { startTwin } from '../../functions/local/twin.js';
import { emit } from './units.js';
import { measureFuzz } from './fuzz.js';

const twin = await startTwin({ port: 0, inMemory: true, quiet: true });
try {
  await measureFuzz(twin, emit);
} finally {
  await twin.stop();
}
