/**
 * One Lambda function as every Smileloop function is built: Node 22 on ARM, bundled by the
 * shared spec, its own log group with retention, and its own role that starts empty. No
 * AWS-managed policy is attached (AWSLambdaBasicExecutionRole would allow writing to every log
 * group in the account); callers grant exactly what the function's code needs.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { envNames } from '../../shared/tables.js';
import { lambdaBundling } from '../bundling.js';
import type { LogLevel } from '../config.js';
import { lockFilePath, repoRoot } from '../paths.js';

export type ServiceFunctionProps = {
  entry: string;
  description: string;
  /** Powertools service name: how logs and metrics are grouped. */
  serviceName: string;
  /** Names and ARNs only; patient data never goes into configuration. */
  environment: Record<string, string>;
  memoryMb: number;
  timeout: Duration;
  logRetention: RetentionDays;
  logLevel: LogLevel;
  /** X-Ray active tracing or not (infra/config.ts says why it is off by default) */
  tracing: 'active' | 'pass-through';
};

/** The stack's one X-Ray write policy, shared by every function role. */
export const xrayWritePolicy = (scope: Construct): ManagedPolicy => {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild('XRayWrite');
  if (existing instanceof ManagedPolicy) return existing;
  const policy = new ManagedPolicy(stack, 'XRayWrite', {
    description: 'Smileloop functions: send X-Ray trace segments (active tracing)',
    statements: [new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] })],
  });
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'xray:PutTraceSegments and PutTelemetryRecords have no resource type; IAM accepts only "*" for them.',
  });
  return policy;
};

export class ServiceFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName}: least-privilege execution role`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: repoRoot,
      depsLockFilePath: lockFilePath,
      bundling: lambdaBundling(),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        [envNames.mode]: 'cloud',
        ...props.environment,
      },
    });

    // X-Ray, when switched on (-c tracing=active), without the Tracer SDK: Lambda records each
    // invocation's segment (cold start, duration, errors) and nothing of the event, so no patient
    // data reaches a trace; the handlers add no annotations. (`tracing: ACTIVE` would also put the
    // X-Ray grant in each role's own policy; one shared policy keeps the "*" it needs in one place.)
    (this.fn.node.defaultChild as CfnFunction).tracingConfig = { mode: props.tracing === 'active' ? 'Active' : 'PassThrough' };
    xrayWritePolicy(this).attachToRole(this.role);

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Pinned to nodejs22.x: the runtime the handlers, the local twin and CI are tested on; move with a tested upgrade.',
    });
  }
}
