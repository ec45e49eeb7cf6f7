/** DynamoDB clients built once per cold start (DESIGN: clients and config at cold start). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { envNames } from '../../../shared/tables.js';
import { requireEnv, runtimeMode } from '../config.js';

const localClientConfig = () => ({
  endpoint: requireEnv(envNames.dynamoEndpoint),
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

export const dynamoClient = new DynamoDBClient(runtimeMode() === 'local' ? localClientConfig() : {});

export const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});

/**
 * The table, from the environment at cold start. A live binding rather than a constant: the
 * twin's connected tests run many files in one process, each on tables of its own, and the twin
 * points the adapters at a file's tables when it starts (pointAtTable). Lambda never calls it.
 */
export let tableName = requireEnv(envNames.tableName);

export const pointAtTable = (name: string): void => {
  tableName = name;
};

/** Where a stopped twin points the adapters: a table that does not exist, so a late write fails. */
export const stoppedTable = 'smileloop-twin-stopped';
