/**
 * Runs only the fuzz bench (fuzz.ts) on a fresh twin: `npx tsx tests/bench/fuzz-run.ts`, with
 * FUZZ_SEED=<seed> to replay a run `npm run bench` printed.
 */
import { startTwin } from '../../functions/local/twin.js';
import { measureFuzz } from './fuzz.js';

const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ metric, value: Math.round(value * 1000) / 1000, unit, ...extra }));

const twin = await startTwin({ port: 0, inMemory: true, quiet: true });
try {
  await measureFuzz(twin, emit);
} finally {
  await twin.stop();
}
