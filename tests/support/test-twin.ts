/**
 * A local twin for one test file, on the suite's DynamoDB Local with tables of its own,
 * plus a small client that talks to it over HTTP as the dashboard does (twin-client.ts).
 */
import { inject } from 'vitest';
import { startTwin } from '../../functions/local/twin.js';
import { testTwinFrom, type TestTwin } from './twin-client.js';

export type { Api, ApiResponse, TestTwin } from './twin-client.js';

/**
 * `messageCounts`: for the files that read the KPI message counts, the table's stream and its
 * reader in the background, as `npm start` runs them; off for the rest (twin.ts says why).
 */
export const startTestTwin = async (options: { messageCounts?: boolean } = {}): Promise<TestTwin> => {
  const dynamoEndpoint = inject('dynamoEndpoint');
  if (!dynamoEndpoint) throw new Error('Connected tests need DynamoDB Local: run them through vitest with the suite global setup');
  const twin = await startTwin({ port: 0, inMemory: true, quiet: true, dynamoEndpoint, retryDelayMs: 50, demoSnapshot: inject('demoSnapshot'), messageCounts: options.messageCounts ? 'background' : 'off' });
  // Stopped if what follows fails: a twin left running would refuse every later file of this worker its own.
  return testTwinFrom(twin).catch(async (error: unknown) => {
    await twin.stop();
    throw error;
  });
};
