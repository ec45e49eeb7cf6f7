/**
 * Provider secrets (Alibaba AccessKey secret, Tencent SecretKey, WeChat AppSecret) per chain. In
 * the cloud each is a Secrets Manager secret named smileloop/<tenantId>/<channel>, read once per
 * container and kept in memory; in the twin they sit in the local identity table, which is never
 * deployed. Never logged, never returned by the API: the settings only say which are set.
 */
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, ResourceExistsException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { envNames } from '../../../shared/tables.js';
import { requireEnv, runtimeMode } from '../config.js';
import { documentClient } from '../dynamo/client.js';

export type SecretChannel = 'alibaba-sms' | 'tencent-sms' | 'wechat';

export const secretName = (tenantId: string, channel: SecretChannel): string => `smileloop/${tenantId}/${channel}`;

const cache = new Map<string, string>();
/** The twin keeps secrets in its identity table, one per test file in a shared process: the cache follows it. */
const cacheKey = (name: string): string => `${process.env[envNames.identityTableName] ?? ''}|${name}`;
let client: SecretsManagerClient | undefined;
const secretsManager = () => (client ??= new SecretsManagerClient({}));

const localKey = (name: string) => ({ pk: `SECRET#${name}` });

export const putProviderSecret = async (tenantId: string, channel: SecretChannel, value: string): Promise<void> => {
  const name = secretName(tenantId, channel);
  if (runtimeMode() === 'local') {
    await documentClient.send(new PutCommand({ TableName: requireEnv(envNames.identityTableName), Item: { ...localKey(name), value } }));
  } else {
    try {
      await secretsManager().send(new CreateSecretCommand({ Name: name, SecretString: value }));
    } catch (error) {
      if (!(error instanceof ResourceExistsException)) throw error;
      await secretsManager().send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
    }
  }
  cache.set(cacheKey(name), value);
};

/** The secret, or undefined when none was set; read once per container. */
export const providerSecret = async (tenantId: string, channel: SecretChannel): Promise<string | undefined> => {
  const name = secretName(tenantId, channel);
  const cached = cache.get(cacheKey(name));
  if (cached !== undefined) return cached;
  let value: string | undefined;
  if (runtimeMode() === 'local') {
    const { Item } = await documentClient.send(new GetCommand({ TableName: requireEnv(envNames.identityTableName), Key: localKey(name) }));
    value = typeof Item?.value === 'string' ? Item.value : undefined;
  } else {
    try {
      value = (await secretsManager().send(new GetSecretValueCommand({ SecretId: name }))).SecretString;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    }
  }
  if (value !== undefined) cache.set(cacheKey(name), value);
  return value;
};
