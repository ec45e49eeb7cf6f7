/**
 * Runs only the automations bench module (tests/bench/automations.ts) on an in-memory twin:
 * `BENCH_QUICK=1 npx tsx tests/bench/automations-only.ts` while iterating on the send pipeline.
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { startTwin } from '../../functions/local/twin.js';
import { measureAutomations } from './automations.js';

const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ metric, value: Math.round(value * 1000) / 1000, unit, ...extra }));

const twin = await startTwin({ port: 0, inMemory: true, quiet: true });
try {
  const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
  // Same attribution as run.ts: DynamoDB Local reports CapacityUnits without the read/write split.
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
  await measureAutomations(async (work) => {
    units = { read: 0, write: 0 };
    await work();
    return { ...units };
  }, emit);
} finally {
  await twin.stop();
}
