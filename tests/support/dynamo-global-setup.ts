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

type Suite = { dynamo: DynamoLocal; snapshotDir: string; snapshot: string };
/**
 * The integration and e2e projects both list this setup; they share one DynamoDB Local and one
 * snapshot (a second JVM and a second seed cost 15 s of the two cores at the start of the run).
 * Kept on the process, since each project may load this module apart.
 */
const shared = globalThis as { smileloopSuite?: Promise<Suite>; smileloopSuiteUsers?: number };

const makeSnapshot = async (endpoint: string): Promise<{ snapshotDir: string; snapshot: string }> => {
  const snapshotDir = mkdtempSync(join(tmpdir(), 'smileloop-demo-'));
  const file = join(snapshotDir, 'demo.json');
  const maker = fileURLToPath(new URL('./demo-snapshot-maker.ts', import.meta.url));
  // Quiet, whatever LOG_LEVEL the run has: its output is only read when it fails.
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'ERROR' };
  await promisify(execFile)(process.execPath, ['--import', 'tsx', maker, endpoint, file], { env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { snapshotDir, snapshot: file };
};

const startSuite = async (): Promise<Suite> => {
  const dynamo = await startDynamoLocal();
  try {
    return { dynamo, ...(await makeSnapshot(dynamo.endpoint)) };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
};

export const setup = async (project: TestProject): Promise<void> => {
  shared.smileloopSuiteUsers = (shared.smileloopSuiteUsers ?? 0) + 1;
  shared.smileloopSuite ??= startSuite();
  const suite = await shared.smileloopSuite;
  project.provide('dynamoEndpoint', suite.dynamo.endpoint);
  project.provide('demoSnapshot', suite.snapshot);
};

/** The last project to finish stops it. */
export const teardown = async (): Promise<void> => {
  shared.smileloopSuiteUsers = (shared.smileloopSuiteUsers ?? 1) - 1;
  if (shared.smileloopSuiteUsers > 0 || !shared.smileloopSuite) return;
  const suite = await shared.smileloopSuite.catch(() => undefined);
  shared.smileloopSuite = undefined;
  if (!suite) return;
  await suite.dynamo.stop();
  rmSync(suite.snapshotDir, { recursive: true, force: true });
};

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** the small demo chain's tables, written into each file's own (functions/local/demo-snapshot.ts) */
    demoSnapshot: string;
  }
}
