/**
 * The dashboard: a private S3 bucket behind CloudFront (origin access control), strict security
 * headers, and a `config.json` written at deploy time with the API URL and Cognito ids, so one
 * dashboard build runs against any stack (and, with mode 'local', against the laptop twin).
 *
 * The HTTP API is served by the same distribution under /api/* (as the local twin serves it), so
 * the CSP's connect-src is 'self' and names no API Gateway at all: naming this stack's API in the
 * policy would make a cycle (policy → API → its CORS list → distribution → policy).
 */
import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  GeoRestriction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
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

export type DashboardSiteProps = { config: SmileloopConfig; /** served under /api/* */ api: HttpApi };

/** Where the dashboard calls the API in the cloud: the same origin, as in the local twin. */
export const apiPathPrefix = '/api';

/**
 * Client-side routes (/patients/01J…) are not objects: serve the app shell for any path without a
 * file extension. Only on the S3 behaviour, so an API 403/404 still reaches the app as JSON.
 */
const spaShellFunction = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/** The HTTP API's routes are at its root (/patients, /me): drop the /api prefix on the way there. */
const stripApiPrefixFunction = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.slice(${apiPathPrefix.length}) || '/';
  return request;
}`;

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

  constructor(scope: Construct, id: string, { config, api }: DashboardSiteProps) {
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
      // The API is this origin's /api/*; sign-in talks to Cognito's own endpoint (authenticator.ts).
      `connect-src 'self' https://cognito-idp.${region}.${urlSuffix}`,
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

    const viewerRequest = (name: string, code: string) => [
      {
        eventType: FunctionEventType.VIEWER_REQUEST,
        function: new CloudFrontFunction(this, name, { code: FunctionCode.fromInline(code), runtime: FunctionRuntime.JS_2_0 }),
      },
    ];
    const geo = config.dashboard.geoAllowlist;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Smileloop dashboard',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        functionAssociations: viewerRequest('SpaShell', spaShellFunction),
      },
      additionalBehaviors: {
        [`${apiPathPrefix}/*`]: {
          // The host of api.apiEndpoint (the $default stage serves at the API's root).
          origin: new HttpOrigin(`${api.apiId}.execute-api.${region}.${urlSuffix}`, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Every answer is per caller (bearer token): nothing is cached at the edge.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Authorization, query strings and the rest, but the Host must be the API's own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          functionAssociations: viewerRequest('StripApiPrefix', stripApiPrefixFunction),
        },
      },
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
        reason: 'Static files, and /api/* passed to the HTTP API behind JWT auth and its stage and per-route throttling. WAF for CloudFront must live in us-east-1.',
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
