/**
 * Synthesizes the Smileloop app the way `cdk synth` does (same factory, feature flags and
 * config), once per test file. Lambda bundling is skipped here to keep the suite fast; the
 * bundling test synthesizes with real esbuild bundling and the cdk-nag plugin switched on.
 */
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import path from 'node:path';
import { createSmileloopApp, type CreateAppOptions } from '../../infra/create-app.js';
import { defaultConfig } from '../../infra/config.js';
import { repoRoot } from '../../infra/paths.js';
import type { SmileloopStack } from '../../infra/stacks/smileloop-stack.js';

export type Synthesized = { app: App; stack: SmileloopStack; template: Template };

/** A folder that never exists: tests must not depend on whether the dashboard was built. */
export const noDashboardBuild = path.join(repoRoot, 'tests', 'infra', '__no_dashboard_build__');

export const skipBundling = { 'aws:cdk:bundling-stacks': [] as string[] };

export const synthesizeApp = (options: CreateAppOptions = {}): Synthesized => {
  const { app, stack } = createSmileloopApp({
    ...options,
    context: { ...skipBundling, ...options.context },
    config: {
      nag: false,
      ...options.config,
      dashboard: { ...defaultConfig.dashboard, distDir: noDashboardBuild, ...options.config?.dashboard },
    },
  });
  return { app, stack, template: Template.fromStack(stack) };
};

let cached: Synthesized | undefined;

/** The default app, synthesized once per test file and shared by its tests. */
export const synthesized = (): Synthesized => {
  cached ??= synthesizeApp();
  return cached;
};

/** cdk-nag AwsSolutions findings that are not acknowledged, as "rule @ construct path". */
export const nagFindings = (app: App): { errors: string[]; warnings: string[] } => {
  const report = new AwsSolutionsChecks().validateScope(app);
  const describe = (severity: string) =>
    report.violations
      .filter((v) => v.severity === severity)
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath ?? r.resourceLogicalId}`));
  return { errors: describe('error'), warnings: describe('warning') };
};
