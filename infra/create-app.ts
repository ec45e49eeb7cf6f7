/**
 * Builds the CDK app exactly as `cdk synth` does, so tests assert on the template that deploys.
 * Feature flags live here rather than only in cdk.json because tests construct the App without
 * the CLI and would otherwise synthesize a different template.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveConfig, unsupportedRegion, type SmileloopConfig } from './config.js';
import { SmileloopStack } from './stacks/smileloop-stack.js';

/** Pinned on purpose: new CDK defaults arrive with a reviewed template diff, not an upgrade. */
export const featureFlags = {
  '@aws-cdk/core:target-partitions': ['aws', 'aws-cn'],
  '@aws-cdk/core:enablePartitionLiterals': true,
  '@aws-cdk/core:includePrefixInUniqueNameGeneration': true,
  '@aws-cdk/core:validateSnapshotRemovalPolicy': true,
  '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-events:eventsTargetQueueSameAccount': true,
  '@aws-cdk/aws-events:requireEventBusPolicySid': true,
  '@aws-cdk/aws-cloudfront:defaultSecurityPolicyTLSv1.2_2021': true,
} as const;

export type CreateAppOptions = {
  /** Extra context, as `-c key=value` would give. */
  context?: Record<string, unknown>;
  config?: Partial<SmileloopConfig>;
  /** Cloud assembly folder; the CLI sets it through the environment. */
  outdir?: string;
  /** CDK's built-in CloudFormation schema check (about 2 s per synth); on unless a test opts out. */
  builtinCloudFormationValidation?: boolean;
};

export const createSmileloopApp = (options: CreateAppOptions = {}) => {
  const app = new App({
    context: { ...featureFlags, ...options.context },
    ...(options.outdir ? { outdir: options.outdir } : {}),
    builtinCloudFormationValidation: options.builtinCloudFormationValidation ?? true,
  });
  const config = resolveConfig(app.node, options.config);
  // The stack is region-agnostic; the CLI names the target region in CDK_DEFAULT_REGION.
  const region: unknown = app.node.tryGetContext('region') ?? process.env.CDK_DEFAULT_REGION;
  const refused = unsupportedRegion(typeof region === 'string' ? region : undefined);
  if (refused) throw new Error(refused);
  const stack = new SmileloopStack(app, config.stackName, {
    config,
    description: 'Smileloop: patient retention for dental clinic chains',
  });
  // Runs at synth: a finding that is not acknowledged (with a reason) fails `cdk synth`.
  if (config.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, config };
};
