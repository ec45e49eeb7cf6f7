/**
 * Seeding a fresh on-disk database where fsync is free. DynamoDB Local on disk commits every put
 * to SQLite with an fsync: the demo history (~46,000 items) takes ~165 s there on a 2-core
 * laptop, ~30 s on tmpfs. So a fresh `npm start` seeds into a database file on /dev/shm, stops
 * DynamoDB Local (a clean exit, no transaction open), copies the file into .data/dynamodb and
 * starts DynamoDB Local again on the same port, so clients built at import keep working.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDynamoLocal, type DynamoLocal } from './dynamo-local.js';

/** The file DynamoDB Local keeps all tables in with -sharedDb. */
const databaseFile = 'shared-local-instance.db';

export type Staging = { dir: string; target: string };

/** A staging folder when the database at `target` does not exist yet; undefined otherwise. */
export const stagingFor = (target: string): Staging | undefined => {
  if (existsSync(join(target, databaseFile))) return undefined;
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  // One name per data folder: a start interrupted while seeding leaves nothing the next one keeps.
  const dir = join(base, `smileloop-seed-${createHash('sha256').update(resolve(target)).digest('hex').slice(0, 12)}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { dir, target };
};

/** Moves the staged database into place and serves it from there, on the same port. */
export const commitStaging = async (staging: Staging, dynamo: DynamoLocal): Promise<DynamoLocal> => {
  const port = Number(new URL(dynamo.endpoint).port);
  await dynamo.stop();
  mkdirSync(staging.target, { recursive: true });
  copyFileSync(join(staging.dir, databaseFile), join(staging.target, databaseFile));
  rmSync(staging.dir, { recursive: true, force: true });
  return startDynamoLocal({ dataDir: staging.target, port });
};

/** After a failed start: nothing staged is left behind in memory. */
export const dropStaging = (staging: Staging | undefined): void => {
  if (staging) rmSync(staging.dir, { recursive: true, force: true });
};
