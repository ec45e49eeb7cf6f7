/**
 * What every bench runner shares: `emit` (one JSON line per metric) and a meter of the capacity
 * units DynamoDB reports for each call the handlers make. DynamoDB Local reports CapacityUnits
 * without the read/write split, so each call is attributed by its command name.
 */
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type Units = { read: number; write: number };
export type MeasureUnits = (work: () => Promise<unknown>) => Promise<Units>;

export const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}): void =>
  console.log(JSON.stringify({ metric, value: Math.round(value * 1000) / 1000, unit, ...extra }));

/** Adds the metering middleware once; `units` is the running tally, `measure` the units of one piece of work. */
export const meterUnits = (client: DynamoDBClient): { units: Units; reset: () => void; measure: MeasureUnits } => {
  const units: Units = { read: 0, write: 0 };
  client.middlewareStack.add(
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
  const reset = () => {
    units.read = 0;
    units.write = 0;
  };
  const measure: MeasureUnits = async (work) => {
    reset();
    await work();
    return { ...units };
  };
  return { units, reset, measure };
};
