/**
 * The one typed config object for the stack. Defaults are the secure choice; a deployment
 * changes them with CDK context (`npx cdk deploy -c stage=prod -c allowedOrigins=https://a.example`),
 * never by editing constructs.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import path from 'node:path';
import type { Role } from '../shared/domain/access.js';
import { defaultMfaRoles, parseMfaRoles } from '../shared/domain/mfa.js';
import { busName } from '../shared/schedules.js';
import { repoRoot } from './paths.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export type SmileloopConfig = {
  /** CloudFormation stack name: `Smileloop` for the default stage (the name the first deployments
   * took; renaming a stack would orphan its retained table), `Smileloop-<stage>` for any other. */
  stackName: string;
  /** Each stage is its own stack: generated names (the table's) start with the stack name, and
   * the names we set (user pool, event bus) carry the stage, so stages never collide. */
  stage: string;
  /** CORS origins that may call the API directly (e.g. http://localhost:5173 while developing the
   * dashboard against a dev stack). The deployed dashboard needs none: it calls /api on its own
   * CloudFront origin. Empty (the default) = no CORS configuration at all. */
  allowedOrigins: string[];
  logRetention: RetentionDays;
  /**
   * `tracing`: X-Ray active tracing of every function, off by default. At a clinic chain's
   * traffic (well under one request a second) Lambda's sampling keeps nearly every request, about
   * US$0.26 a chain a month; logs with request ids and the alarms carry everyday operations, and
   * `-c tracing=active` turns traces on while an incident is investigated.
   */
  lambda: { memoryMb: number; timeoutSeconds: number; logLevel: LogLevel; tracing: 'active' | 'pass-through' };
  /** Stage default (every staff route) and the lower limit of each unauthenticated route. */
  api: {
    throttleRateLimit: number; throttleBurstLimit: number; publicThrottleRateLimit: number; publicThrottleBurstLimit: number;
    /** the providers' callbacks (receipts, replies, WeChat events): a campaign's reports come in bursts, and a flood of forged ones must not starve them */
    callbackThrottleRateLimit: number; callbackThrottleBurstLimit: number;
  };
  auth: {
    /** 'optional' until the dashboard ships a TOTP enrolment screen; then 'required'. */
    mfa: 'optional' | 'required';
    /** 'lite' (the default) has everything the dashboard uses: password sign-in, TOTP MFA, groups
     * and the ID-token claims; at $0.0055 a MAU it is the cheapest (shared/domain/cost). 'essentials'
     * adds managed login and access-token customisation; 'plus' buys compromised-credential and
     * adaptive-auth protection (per-MAU cost, $0.02). */
    featurePlan: 'lite' | 'essentials' | 'plus';
    /** Roles the API refuses (403 mfa_required) unless they signed in with TOTP (shared/domain/mfa.ts);
     * the dashboard then shows its enrolment screen. Owner and manager by default (they change
     * prices, staff and automation); `-c mfaRoles=none` switches it off, `-c mfaRoles=owner` narrows it.
     * The twin walks the same enrolment and challenge (SMILELOOP_MFA_ROLES=owner,manager npm start). */
    mfaRoles: Role[];
    idTokenValidityMinutes: number;
    /** Front-desk staff sign in once per shift. */
    refreshTokenValidityHours: number;
  };
  jobs: { retryAttempts: number; maxEventAgeHours: number };
  dashboard: {
    /** Built SPA. Deployed only if the folder exists at synth time. */
    distDir: string;
    /** ISO country codes allowed to load the dashboard; empty = worldwide. */
    geoAllowlist: string[];
    accessLogExpirationDays: number;
  };
  /**
   * SMS spending is an account-level SNS setting (SetSMSAttributes MonthlySpendLimit) that
   * CloudFormation cannot manage; the value lives here so the runbook and the stack agree.
   */
  sms: { monthlySpendLimitUsd: number; note: string };
  /** Platform alarms: thresholds that page the operator topic (never a chain's staff-alerts topic). */
  alarms: {
    /** Share of API requests answered 5xx over 5 minutes. */
    api5xxRatePercent: number;
    /** SMS delivery failures as a share of SMS published over an hour. */
    smsFailureRatePercent: number;
    /** Share of config.sms.monthlySpendLimitUsd at which the operator hears, before SNS stops sending. */
    smsSpendWarnPercent: number;
  };
  backup: {
    /** AWS Backup keeps each weekly recovery point this long (beside PITR's own 35 days): 5 points. */
    retentionDays: number;
    /** Where each recovery point is copied (a second region), when set: `-c backupCopyRegion=ap-southeast-1`. */
    copyRegion?: string;
  };
  /** Run cdk-nag AwsSolutions as a synth-time validation plugin. */
  nag: boolean;
};

export const defaultStage = 'dev';

/** The stack of a stage: the default keeps the historical name (see SmileloopConfig.stackName). */
export const stackNameOf = (stage: string): string => (stage === defaultStage ? 'Smileloop' : `Smileloop-${stage}`);

/** Names we set ourselves carry the stage, so two stages in one account never collide. */
export const stageNames = (stage: string) => ({
  eventBus: stage === defaultStage ? busName : `${busName}-${stage}`,
  userPool: `smileloop-${stage}-staff`,
});

/**
 * China regions (aws-cn partition) have neither Cognito user pools nor CloudFront origin access
 * control, which the dashboard and every private route rely on; the stack refuses them at synth
 * rather than failing half-way through a deploy.
 */
export const unsupportedRegion = (region: string | undefined): string | undefined =>
  region?.startsWith('cn-')
    ? `Smileloop cannot deploy to ${region}: the China regions (aws-cn) have no Cognito user pools (staff sign-in and the API's JWT authorizer) and no CloudFront origin access control (the private dashboard bucket). Deploy to a global region near the clinics (ap-east-1 Hong Kong, ap-southeast-1 Singapore, ap-northeast-1 Tokyo).`
    : undefined;

export const defaultConfig: SmileloopConfig = {
  stackName: 'Smileloop',
  stage: 'dev',
  allowedOrigins: [],
  logRetention: RetentionDays.THREE_MONTHS,
  lambda: { memoryMb: 512, timeoutSeconds: 10, logLevel: 'INFO', tracing: 'pass-through' },
  api: { throttleRateLimit: 50, throttleBurstLimit: 100, publicThrottleRateLimit: 5, publicThrottleBurstLimit: 10, callbackThrottleRateLimit: 40, callbackThrottleBurstLimit: 80 },
  auth: { mfa: 'optional', featurePlan: 'lite', mfaRoles: [...defaultMfaRoles], idTokenValidityMinutes: 60, refreshTokenValidityHours: 12 },
  jobs: { retryAttempts: 2, maxEventAgeHours: 2 },
  dashboard: { distDir: path.join(repoRoot, 'dashboard', 'dist'), geoAllowlist: [], accessLogExpirationDays: 90 },
  sms: {
    monthlySpendLimitUsd: 50,
    note: 'Set with `aws sns set-sms-attributes --attributes MonthlySpendLimit=<usd>`; raise the account quota first.',
  },
  alarms: { api5xxRatePercent: 5, smsFailureRatePercent: 10, smsSpendWarnPercent: 80 },
  backup: { retentionDays: 35 },
  nag: true,
};

const list = (value: unknown): string[] | undefined => {
  if (Array.isArray(value)) return value.map(String).filter((v) => v.length > 0);
  if (typeof value === 'string') return value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
  return undefined;
};

const flag = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
};

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], name: string): T | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`context ${name} must be one of ${allowed.join(', ')}; got ${String(value)}`);
};

/** Stage names end up in stack, pool and bus names: lower-case letters, digits and dashes. */
const stageOf = (value: unknown): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && /^[a-z][a-z0-9-]{0,19}$/.test(value)) return value;
  throw new Error(`context stage must be lower-case letters, digits and dashes (at most 20); got ${String(value)}`);
};

const regionOf = (value: unknown): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(value)) {
    const refused = unsupportedRegion(value);
    if (refused) throw new Error(refused);
    return value;
  }
  throw new Error(`context backupCopyRegion must be a region name such as ap-southeast-1; got ${String(value)}`);
};

/** Defaults, overridden by the few context keys a deployment may set. */
export const resolveConfig = (node: Node, overrides: Partial<SmileloopConfig> = {}): SmileloopConfig => {
  const ctx = (key: string): unknown => node.tryGetContext(key);
  const base = { ...defaultConfig, ...overrides };
  const stage = stageOf(ctx('stage')) ?? base.stage;
  const dashboardDist = ctx('dashboardDist');
  const copyRegion = regionOf(ctx('backupCopyRegion'));
  return {
    ...base,
    stage,
    stackName: overrides.stackName ?? stackNameOf(stage),
    backup: { ...base.backup, ...(copyRegion ? { copyRegion } : {}) },
    allowedOrigins: list(ctx('allowedOrigins')) ?? base.allowedOrigins,
    nag: flag(ctx('nag')) ?? base.nag,
    lambda: { ...base.lambda, tracing: oneOf(ctx('tracing'), ['active', 'pass-through'] as const, 'tracing') ?? base.lambda.tracing },
    auth: {
      ...base.auth,
      mfa: oneOf(ctx('mfa'), ['optional', 'required'] as const, 'mfa') ?? base.auth.mfa,
      featurePlan: oneOf(ctx('featurePlan'), ['lite', 'essentials', 'plus'] as const, 'featurePlan') ?? base.auth.featurePlan,
      mfaRoles: ctx('mfaRoles') === undefined ? base.auth.mfaRoles : parseMfaRoles(list(ctx('mfaRoles'))?.join(',')),
    },
    dashboard: {
      ...base.dashboard,
      distDir: typeof dashboardDist === 'string' ? path.resolve(repoRoot, dashboardDist) : base.dashboard.distDir,
      geoAllowlist: list(ctx('geoAllowlist')) ?? base.dashboard.geoAllowlist,
    },
  };
};
