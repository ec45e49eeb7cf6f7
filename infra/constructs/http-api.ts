/**
 * The HTTP API: one route per cloud entry of shared/routes.ts (the table the local gateway also
 * serves), a Cognito JWT authorizer on every 'token' route, one Lambda per resource area, each
 * with its own role holding only what that area's code does.
 */
import { Duration, NestedStack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type CfnStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { cloudRoutes, httpAreas, routeKey, type HttpArea, type RouteDefinition } from '../../shared/routes.js';
import { envNames } from '../../shared/tables.js';
import type { SmileloopConfig } from '../config.js';
import { httpEntry } from '../paths.js';
import type { Auth } from './auth.js';
import type { DataTable } from './data-table.js';
import { ServiceFunction } from './service-function.js';

type AreaAccess = {
  /** 'public-forms': key reads and item puts/updates on the base table, nothing else (data-table.ts). */
  table: 'read' | 'read-write' | 'read-update' | 'public-forms';
  /** Cognito admin actions on the pool (staff invitations). */
  userPoolActions?: readonly string[];
  /** May put events on the Smileloop bus ("run job now", import chunks, checkout's care run). */
  putEvents?: boolean;
};

/** What each area's code touches. Kept beside the grants; tests/infra restates it independently. */
export const areaAccess: Record<HttpArea, AreaAccess> = {
  // "Who am I" marks an invited person active at their first sign-in: one conditional update.
  system: { table: 'read-update' },
  org: {
    table: 'read-write',
    // Invitations, and the staff screen: role (groups) and clinics, disable (with a global sign-out), enable, resend.
    userPoolActions: [
      'cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminDeleteUser', 'cognito-idp:AdminRemoveUserFromGroup',
      'cognito-idp:AdminUpdateUserAttributes', 'cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser', 'cognito-idp:AdminUserGlobalSignOut',
    ],
  },
  patients: { table: 'read-write' },
  messages: { table: 'read' },
  jobs: { table: 'read', putEvents: true },
  // Converting a lead announces it (triggered campaigns).
  engagement: { table: 'read-write', putEvents: true },
  // Segments, campaigns and member events: starting a campaign now asks its runner at once;
  // campaign-scheduling.ts adds the one-time schedules.
  marketing: { table: 'read-write', putEvents: true },
  catalog: { table: 'read-write' },
  // A move or cancellation asks the reminders job to tell the patient at once.
  appointments: { table: 'read-write', putEvents: true },
  // Checkout asks the care-messages job to run at once when a care message is due.
  visits: { table: 'read-write', putEvents: true },
  tasks: { table: 'read-write' },
  imports: { table: 'read-write', putEvents: true },
  // The dashboard only reads: rollups and snapshots are written by checkout and the nightly job.
  kpi: { table: 'read' },
  // Plans and memberships: sale, renewal and cancellation transactions.
  members: { table: 'read-write', putEvents: true },
  // Stored value: balances and ledger rows written together in transactions; a debit that may
  // cross the low-balance threshold asks the members' job to decide the notice (no SMS from here).
  wallet: { table: 'read-write', putEvents: true },
  // Unauthenticated: reads a link by its key, writes the lead or the survey answer. No Query
  // (it cannot list anyone), no index, no delete.
  // A saved survey answer is announced (triggered campaigns: the review invitation).
  public: { table: 'public-forms', putEvents: true },
  // Planning: reads rollups and snapshots like kpi, and writes the monthly targets.
  plan: { table: 'read-write' },
};

/**
 * Access log fields. The route key, not the raw path or query string: a search query can hold
 * a patient's name or phone number, and access logs are not a place for patient data.
 */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.claims.sub',
};

export type SmileloopHttpApiProps = {
  config: SmileloopConfig;
  data: DataTable;
  auth: Auth;
  bus: EventBus;
};

export class SmileloopHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: ReadonlyMap<HttpArea, ServiceFunction>;
  /**
   * The routes, their integrations, invoke permissions and the authorizer live in a nested stack:
   * one resource per route (over 170) would push the main stack past CloudFormation's 500.
   */
  readonly routeStack: NestedStack;

  constructor(scope: Construct, id: string, props: SmileloopHttpApiProps) {
    super(scope, id);
    const { config, auth } = props;
    const routes = cloudRoutes();

    const methods = [...new Set(routes.map((r) => r.method))].map((m) => CorsHttpMethod[m]);
    // HTTP APIs cannot customise their own responses (no GatewayResponses, unlike REST APIs): an
    // unknown route, a 413 body, a 414 request line or a throttled 429 comes back from API Gateway
    // as {"message": …}. Everything a Lambda answers is {"error":{"code","message","fields"}}, and
    // the dashboard reads both (api-error.ts); the local gateway gives its own answers that shape.
    this.api = new HttpApi(this, 'Api', {
      description: 'Smileloop staff API',
      createDefaultStage: false,
      // The dashboard calls the API on its own origin (CloudFront's /api/*): no CORS for it. Only
      // extra origins (a dashboard dev server against a dev stack) are allowed, when configured.
      ...(config.allowedOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: config.allowedOrigins,
              allowMethods: [...methods, CorsHttpMethod.OPTIONS],
              allowHeaders: ['authorization', 'content-type'],
              // Bearer tokens, not cookies: the browser never needs to send credentials.
              allowCredentials: false,
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.api.throttleRateLimit, burstLimit: config.api.throttleBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    // The secret page cursors are sealed with (functions/adapters/dynamo/cursor.ts). It reaches the
    // functions as a deploy-time dynamic reference: no secret-store call on a cold start, and a
    // reader of the function's configuration is already an administrator of this account.
    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'Smileloop: the key page cursors are sealed with (AES-256-GCM)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating it only makes open page cursors invalid (a 400 and a reload from the first page); it is rotated by a redeploy, not a rotation Lambda.',
    });
    const functions = new Map<HttpArea, ServiceFunction>();
    for (const area of httpAreas) {
      functions.set(area, this.areaFunction(area, props, cursorSecret));
    }
    this.functions = functions;

    // ID tokens: their `aud` is the client id and they carry the groups and custom claims.
    const jwt = new HttpJwtAuthorizer('CognitoJwt', auth.issuerUrl, {
      authorizerName: 'cognito-id-token',
      jwtAudience: [auth.client.userPoolClientId],
    });
    const integrations = new Map<HttpArea, HttpLambdaIntegration>();
    for (const [area, fn] of functions) {
      // One invoke permission per area function (from this API only), not one per route: a
      // permission per route cost a resource each and pushed the stack past CloudFormation's 500.
      integrations.set(area, new HttpLambdaIntegration(`${area}-integration`, fn.fn, { scopePermissionToRoute: false }));
    }

    this.routeStack = new NestedStack(this, 'Routes', { description: 'Smileloop staff API: routes and their integrations' });
    for (const route of routes) {
      const integration = integrations.get(route.area);
      if (!integration) throw new Error(`no function for area ${route.area}`);
      const created = new HttpRoute(this.routeStack, `${route.method}${route.path}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        authorizer: route.auth === 'token' ? jwt : new HttpNoneAuthorizer(),
      });
      if (route.auth === 'public') {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} is declared public in shared/routes.ts; it serves no tenant data.`,
        });
        // Route settings name the route key: the routes must exist before the stage refers to them.
        this.stage.node.addDependency(this.routeStack);
      }
    }
    this.throttlePublicRoutes(routes.filter((r) => r.auth === 'public'), config);
  }

  /**
   * Public routes get their own, lower limit: a flood on a patient's link is refused by the gateway
   * (429) at these routes while the staff routes keep the stage's default limit. The providers'
   * callbacks have theirs, higher (a campaign's delivery reports come in bursts), apart from the
   * forms', so a flood on one never starves the other.
   */
  private throttlePublicRoutes(publicRoutes: RouteDefinition[], config: SmileloopConfig): void {
    const limitOf = (r: RouteDefinition) =>
      r.path.startsWith('/channels/')
        ? { ThrottlingRateLimit: config.api.callbackThrottleRateLimit, ThrottlingBurstLimit: config.api.callbackThrottleBurstLimit }
        : { ThrottlingRateLimit: config.api.publicThrottleRateLimit, ThrottlingBurstLimit: config.api.publicThrottleBurstLimit };
    const settings = Object.fromEntries(publicRoutes.map((r) => [routeKey(r), limitOf(r)]));
    (this.stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', settings);
  }

  private areaFunction(area: HttpArea, { config, data, auth, bus }: SmileloopHttpApiProps, cursorSecret: Secret): ServiceFunction {
    const access = areaAccess[area];
    const environment: Record<string, string> = {
      [envNames.tableName]: data.table.tableName,
      [envNames.cursorSecret]: cursorSecret.secretValue.unsafeUnwrap(),
      // Written out even when empty ('none'): every area's router reads it (shared/domain/mfa.ts).
      [envNames.mfaRoles]: config.auth.mfaRoles.join(',') || 'none',
    };
    if (access.userPoolActions) environment[envNames.userPoolId] = auth.userPool.userPoolId;
    if (access.putEvents) environment[envNames.eventBusName] = bus.eventBusName;

    const fn = new ServiceFunction(this, `Area-${area}`, {
      entry: httpEntry(area),
      description: `Smileloop API: ${area} routes`,
      serviceName: `smileloop-http-${area}`,
      environment,
      memoryMb: config.lambda.memoryMb,
      timeout: Duration.seconds(config.lambda.timeoutSeconds),
      logRetention: config.logRetention,
      logLevel: config.lambda.logLevel,
      tracing: config.lambda.tracing,
    });

    if (access.table === 'read-write') data.grantReadWrite(fn.role);
    else if (access.table === 'public-forms') data.grantPublicForms(fn.role);
    else if (access.table === 'read-update') data.grantReadUpdate(fn.role);
    else data.grantRead(fn.role);
    if (access.userPoolActions) auth.userPool.grant(fn.role, ...access.userPoolActions);
    if (access.putEvents) bus.grantPutEventsTo(fn.role);
    return fn;
  }
}
