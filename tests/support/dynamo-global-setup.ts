/**
 * One DynamoDB Local (in memory) for every connected test file; each file's twin creates
 * tables of its own in it, so files run in parallel without sharing data.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoLocal, type DynamoLocal } from '../../functions/local/dynamo-local.js';

let dynamo: DynamoLocal | undefined;

export const setup = async (project: TestProject): Promise<void> => {
  dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
};

export const teardown = async (): Promise<void> => {
  await dynamo?.stop();
};

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
