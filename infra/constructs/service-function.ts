/**
 * One Lambda function as every Smileloop function is built: Node 22 on ARM, bundled by the
 * shared spec, its own log group with retention, and its own role that starts empty. No
 * AWS-managed policy is attached (AWSLambdaBasicExecutionRole would allow writing to every log
 * group in the account); callers grant exactly what the function's code needs.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
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

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Pinned to nodejs22.x: the runtime the handlers, the local twin and CI are tested on; move with a tested upgrade.',
    });
  }
}
