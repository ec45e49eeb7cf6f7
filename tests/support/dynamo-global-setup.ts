/**
 * One DynamoDB Local (in memory) for every connected test file; each file's twin creates
 * tables of its own in it, so files run in parallel without sharing data. The small demo chain is
 * seeded once (demo-snapshot-maker.ts) and written into each file's tables from a file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal, type DynamoLocal } from '../../functions/local/dynamo-local.js';

let dynamo: DynamoLocal | undefined;
let snapshotDir: string | undefined;

const makeSnapshot = async (endpoint: string): Promise<string> => {
  snapshotDir = mkdtempSync(join(tmpdir(), 'smileloop-demo-'));
  const file = join(snapshotDir, 'demo.json');
  const maker = fileURLToPath(new URL('./demo-snapshot-maker.ts', import.meta.url));
  // Quiet, whatever LOG_LEVEL the run has: its output is only read when it fails.
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'ERROR' };
  await promisify(execFile)(process.execPath, ['--import', 'tsx', maker, endpoint, file], { env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return file;
};

export const setup = async (project: TestProject): Promise<void> => {
  dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('demoSnapshot', await makeSnapshot(dynamo.endpoint));
};

export const teardown = async (): Promise<void> => {
  await dynamo?.stop();
  if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
};

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** the small demo chain's tables, written into each file's own (functions/local/demo-snapshot.ts) */
    demoSnapshot: string;
  }
}
