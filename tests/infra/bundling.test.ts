/**
 * The real thing: synthesize with local esbuild bundling and the cdk-nag validation plugin on,
 * as `npx cdk synth` does. Then check that the benchmark's measurement equals what CDK bundled,
 * and that every bundle cold-starts with exactly the environment the stack gives it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleForMeasurement } from '../../infra/bundling.js';
import { lambdaEntries, repoRoot, type LambdaEntry } from '../../infra/paths.js';
import type { ServiceFunction } from '../../infra/constructs/service-function.js';
import type { SmileloopStack } from '../../infra/stacks/smileloop-stack.js';
import { createTestApp, logicalId } from './synth.js';

type FunctionJson = { Properties: { Code: { S3Key: string }; Environment: { Variables: Record<string, unknown> } } };

let stack: SmileloopStack;
let outdir: string;
let resources: Record<string, FunctionJson>;

beforeAll(() => {
  const built = createTestApp({
    config: { nag: true },
    // CloudFormation schema findings fail the synth here instead of printing as warnings.
    context: { '@aws-cdk/core:strictCfnValidateErrors': true },
  });
  // Throws with the validation report on any unacknowledged cdk-nag or CloudFormation finding.
  const assembly = built.app.synth();
  stack = built.stack;
  outdir = assembly.directory;
  resources = assembly.getStackByName(stack.stackName).template.Resources as Record<string, FunctionJson>;
});

const functionFor = (kind: LambdaEntry['kind'], name: string): ServiceFunction => {
  const byName: Record<string, ServiceFunction> = { 'sms-replies': stack.inbound.replies, 'pre-token': stack.auth.preToken, 'message-counts': stack.messageCounts.counter };
  const fn = kind === 'http' ? stack.http.functions.get(name as never) : kind === 'job' ? stack.jobs.functions.get(name as never) : byName[name];
  if (!fn) throw new Error(`no ${kind} function ${name}`);
  return fn;
};

const bundlePath = (fn: ServiceFunction): string => {
  const key = resources[logicalId(stack, fn.fn)]?.Properties.Code.S3Key ?? '';
  return path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
};

describe('Lambda bundles', () => {
  it('synthesizes offline with local esbuild and passes cdk-nag and the CloudFormation schema check', () => {
    for (const entry of lambdaEntries()) {
      expect(fs.existsSync(bundlePath(functionFor(entry.kind, entry.name))), entry.name).toBe(true);
    }
  });

  it('measures exactly the bytes CDK deploys (one bundling spec for both)', async () => {
    for (const entry of lambdaEntries()) {
      const deployed = fs.statSync(bundlePath(functionFor(entry.kind, entry.name))).size;
      expect(await bundleForMeasurement(entry.entry), entry.name).toBe(deployed);
    }
  });

  it('leaves the AWS SDK out of every bundle (the Node 22 runtime provides it)', () => {
    for (const entry of lambdaEntries()) {
      const code = fs.readFileSync(bundlePath(functionFor(entry.kind, entry.name)), 'utf8');
      expect(code, entry.name).not.toMatch(/node_modules\/@aws-sdk\//);
    }
  });

  it('cold-starts every bundle with only the environment the stack sets', () => {
    // Inside the repo so the externalized @aws-sdk/* packages resolve as they do on Lambda.
    const scratch = path.join(repoRoot, 'node_modules', '.cache', 'smileloop-infra-tests');
    fs.mkdirSync(scratch, { recursive: true });
    for (const entry of lambdaEntries()) {
      const fn = functionFor(entry.kind, entry.name);
      const file = path.join(scratch, `${entry.kind}-${entry.name}.mjs`);
      fs.copyFileSync(bundlePath(fn), file);
      const variables = resources[logicalId(stack, fn.fn)]?.Properties.Environment.Variables ?? {};
      const env = Object.fromEntries(
        Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : `placeholder-${key.toLowerCase()}`]),
      );
      const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(2); }`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'cn-north-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
      // Minified bundles print a whole line of code before the error; keep only the error lines.
      const errors = result.stderr.split('\n').filter((line) => /^\s*\w*Error\b/.test(line)).slice(0, 3);
      expect({ name: entry.name, status: result.status, errors }).toEqual({ name: entry.name, status: 0, errors: [] });
    }
  });
});
