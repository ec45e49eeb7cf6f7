/**
 * Synthesizes the Smileloop app the way `cdk synth` does (same factory, feature flags and
 * config), once per test file. Lambda bundling is skipped here to keep the suite fast; the
 * bundling test synthesizes with real esbuild bundling and the cdk-nag plugin switched on.
 */
import type { App, CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { defaultConfig } from '../../infra/config.js';
import { createSmileloopApp, type CreateAppOptions } from '../../infra/create-app.js';
import { repoRoot } from '../../infra/paths.js';
import type { SmileloopStack } from '../../infra/stacks/smileloop-stack.js';

export type Synthesized = { app: App; stack: SmileloopStack; template: Template; outdir: string };

/** A folder that never exists: tests must not depend on whether the dashboard was built. */
export const noDashboardBuild = path.join(repoRoot, 'tests', 'infra', '__no_dashboard_build__');

export const skipBundling = { 'aws:cdk:bundling-stacks': [] as string[] };

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
});

export const tempDir = (prefix: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  outdirs.push(dir);
  return dir;
};

/** Builds the app without synthesizing it (for tests that call app.synth() themselves). */
export const createTestApp = (options: CreateAppOptions = {}) =>
  createSmileloopApp({
    outdir: tempDir('smileloop-cdk-'),
    ...options,
    config: {
      nag: false,
      ...options.config,
      dashboard: { ...defaultConfig.dashboard, distDir: noDashboardBuild, ...options.config?.dashboard },
    },
  });

/**
 * Fast synth for template assertions: no bundling and no CloudFormation schema check (both run,
 * strict, in bundling.test.ts).
 */
export const synthesizeApp = (options: CreateAppOptions = {}): Synthesized => {
  const { app, stack } = createTestApp({
    builtinCloudFormationValidation: false,
    ...options,
    context: { ...skipBundling, ...options.context },
  });
  return { app, stack, template: Template.fromStack(stack), outdir: app.outdir };
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

/** Logical id of an L2 construct's CloudFormation resource. */
export const logicalId = (stack: SmileloopStack, construct: IConstruct): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

export type CfnResource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string[];
};

export const resourcesOf = (template: Template, type: string): Record<string, CfnResource> =>
  template.findResources(type) as Record<string, CfnResource>;

/**
 * The routes' nested stack (infra/constructs/http-api.ts), with each reference to the parent
 * (`{Ref: <parameter>}`) replaced by what the parent passes in, so tests compare logical ids of
 * the main stack as if the routes lived there.
 */
export const routeResources = (synth: Synthesized, type: string): Record<string, CfnResource> => {
  const nested = Template.fromStack(synth.stack.http.routeStack);
  const [stackResource] = Object.values(resourcesOf(synth.template, 'AWS::CloudFormation::Stack'));
  const passed = (stackResource?.Properties.Parameters ?? {}) as Record<string, unknown>;
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === 'string' && ref in passed) return passed[ref];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve(resourcesOf(nested, type)) as Record<string, CfnResource>;
};

export type PolicyStatementJson = {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, unknown>;
};

export const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every statement that applies to a role: attached AWS::IAM::Policy documents and inline policies. */
export const roleStatements = (template: Template, roleLogicalId: string): PolicyStatementJson[] => {
  const attached = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) =>
      asList(policy.Properties.Roles as unknown[]).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleLogicalId })),
    )
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
  const role = resourcesOf(template, 'AWS::IAM::Role')[roleLogicalId];
  const inline = asList(role?.Properties.Policies as { PolicyDocument: { Statement: PolicyStatementJson[] } }[]).flatMap(
    (p) => p.PolicyDocument.Statement,
  );
  return [...attached, ...inline];
};

export const allowedActions = (statements: PolicyStatementJson[]): string[] =>
  [...new Set(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Action)))].sort();

/**
 * A dead-letter queue's alarms: one on the first message (depth ≥ 1) and reminders on the age of
 * the oldest message at 1 h, 1 day and 7 days (CloudWatch notifies on state changes only), each
 * paging the operator topic and never the chains' staff alerts.
 */
export const expectOperatorPagedAboutQueue = (stack: SmileloopStack, alarms: CfnResource[]): void => {
  const byMetric = alarms.map((a) => `${String(a.Properties.MetricName)}>=${String(a.Properties.Threshold)}`).sort();
  expect(byMetric).toEqual(
    ['ApproximateAgeOfOldestMessage>=3600', 'ApproximateAgeOfOldestMessage>=86400', 'ApproximateAgeOfOldestMessage>=604800', 'ApproximateNumberOfMessagesVisible>=1'].sort(),
  );
  const depth = alarms.find((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
  expect(depth?.Properties).toMatchObject({ Period: 60, TreatMissingData: 'notBreaching', EvaluationPeriods: 1 });
  for (const alarm of alarms) {
    expect(asList(alarm.Properties.AlarmActions as unknown[])).toEqual([{ Ref: logicalId(stack, stack.messaging.operatorAlarms) }]);
  }
};
