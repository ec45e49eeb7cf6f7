/** Runs only the segment count bench (segment-count.ts): `npx tsx tests/bench/segment-count-run.ts`. */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { startTwin } from '../../functions/local/twin.js';
import { measureSegmentCount } from './segment-count.js';

const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ metric, value: Math.round(value * 1000) / 1000, unit, ...extra }));

const twin = await startTwin({ port: 0, inMemory: true, quiet: true, seedDemo: false });
try {
  const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
  let units = { read: 0, write: 0 };
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
      const isWrite = /Put|Update|Delete|Write/.test(context.commandName ?? '');
      for (const c of [output.ConsumedCapacity].flat()) {
        if (isWrite) units.write += c?.CapacityUnits ?? 0;
        else units.read += c?.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  await measureSegmentCount(async (work) => {
    units = { read: 0, write: 0 };
    await work();
    return { ...units };
  }, emit);
} finally {
  await twin.stop();
}
