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

export const tableName = requireEnv(envNames.tableName);
