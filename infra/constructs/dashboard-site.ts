/**
 * The dashboard: a private S3 bucket behind CloudFront (origin access control), strict security
 * headers, and a `config.json` written at deploy time with the API URL and Cognito ids, so one
 * dashboard build runs against any stack (and, with mode 'local', against the laptop twin).
 */
import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  Distribution,
  GeoRestriction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import fs from 'node:fs';
import path from 'node:path';
import type { SmileloopConfig } from '../config.js';

/** What the dashboard reads from /config.json at start-up. */
export type DashboardRuntimeConfig = {
  mode: 'cloud';
  apiUrl: string;
  cognito: { region: string; userPoolId: string; clientId: string };
};

export type DashboardSiteProps = { config: SmileloopConfig };

const privateBucket = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  encryption: BucketEncryption.S3_MANAGED,
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

export class DashboardSite extends Construct {
  readonly bucket: Bucket;
  readonly logsBucket: Bucket;
  readonly distribution: Distribution;
  private readonly config: SmileloopConfig;

  constructor(scope: Construct, id: string, { config }: DashboardSiteProps) {
    super(scope, id);
    this.config = config;
    const { region, urlSuffix } = Stack.of(this);

    this.logsBucket = new Bucket(this, 'AccessLogs', {
      ...privateBucket,
      // CloudFront standard logging writes with ACLs; this bucket only ever holds logs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.dashboard.accessLogExpirationDays) }],
    });
    Validations.of(this.logsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      ...privateBucket,
      versioned: true,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      // Old versions are only needed long enough to roll back a bad dashboard deploy.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });

    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      // Svelte transitions and chart libraries set inline styles.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      `connect-src 'self' https://*.execute-api.${region}.${urlSuffix} https://cognito-idp.${region}.${urlSuffix}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
    ].join('; ');
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Smileloop dashboard security headers',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      },
    });

    const geo = config.dashboard.geoAllowlist;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Smileloop dashboard',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      // Client-side routes (/patients/01J…) are not objects: serve the app shell for them.
      errorResponses: [403, 404].map((status) => ({
        httpStatus: status,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(10),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America, Europe and Asia (incl. Hong Kong), where the clinics and their staff are.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
      ...(geo.length > 0 ? { geoRestriction: GeoRestriction.allowlist(...geo) } : {}),
    });

    const acknowledgements = [
      {
        id: 'AwsSolutions-CFR2',
        reason: 'Static files only; the API is a separate origin behind JWT auth and stage throttling. WAF for CloudFront must live in us-east-1.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'Uses the default *.cloudfront.net certificate; TLSv1.2_2021 applies once a custom domain and ACM certificate are added.',
      },
      ...(geo.length > 0
        ? []
        : [{ id: 'AwsSolutions-CFR1', reason: 'Staff sign in while travelling; set config.dashboard.geoAllowlist to restrict.' }]),
    ];
    Validations.of(this.distribution).acknowledge(...acknowledgements);
  }

  /** https origin of the dashboard, for the API's CORS allow-list. */
  get origin(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Upload the built SPA (if `dashboard/dist` exists at synth time) and write config.json.
   * Hashed assets go first and are never pruned, so open tabs keep loading their chunks;
   * index.html and config.json follow, uncached, and are invalidated in CloudFront.
   */
  deploy(runtime: DashboardRuntimeConfig): void {
    const distDir = this.config.dashboard.distDir;
    const hasBuild = fs.existsSync(path.join(distDir, 'index.html'));
    const logGroup = new LogGroup(this, 'DeployLogs', { retention: this.config.logRetention });
    const common = { destinationBucket: this.bucket, prune: false, memoryLimit: 512, logGroup };

    const assets = hasBuild
      ? new BucketDeployment(this, 'DeployAssets', {
          ...common,
          sources: [Source.asset(distDir, { exclude: ['index.html', 'config.json'] })],
          cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
        })
      : undefined;

    const entry = new BucketDeployment(this, 'DeployEntry', {
      ...common,
      sources: [
        ...(hasBuild ? [Source.asset(distDir, { exclude: ['*', '!index.html'] })] : []),
        Source.jsonData('config.json', runtime),
      ],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
    });
    if (assets) entry.node.addDependency(assets);
    this.acknowledgeDeploymentHandler();
  }

  /**
   * BucketDeployment runs CDK's own singleton Lambda (at stack scope). Its role and runtime are
   * CDK's, not ours; each finding is listed explicitly so a new one still fails the synth.
   */
  private acknowledgeDeploymentHandler(): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('BucketDeployment handler not found; CDK changed its construct id');
    const qualifier: unknown = this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier');
    const assetsBucket = `cdk-${typeof qualifier === 'string' ? qualifier : DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>`;
    const siteBucket = stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    const copy = 'CDK BucketDeployment handler copies the dashboard from the CDK assets bucket into the site bucket';

    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK BucketDeployment handler role is created by CDK with the basic execution policy for its logs.',
      },
      ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${copy}; CDK grants these action groups on those two buckets only.`,
      })),
      { id: `AwsSolutions-IAM5[Resource::<${siteBucket}.Arn>/*]`, reason: `${copy}; any object key of the site bucket.` },
      { id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetsBucket}/*]`, reason: `${copy}; reads staged asset zips.` },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'CDK grants cloudfront:CreateInvalidation/GetInvalidation on "*" to invalidate index.html and config.json.',
      },
      { id: 'AwsSolutions-L1', reason: 'Runtime of the CDK-managed BucketDeployment handler is chosen by aws-cdk-lib.' },
    );
  }
}
