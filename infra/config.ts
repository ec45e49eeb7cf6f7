/**
 * The one typed config object for the stack. Defaults are the secure choice; a deployment
 * changes them with CDK context (`npx cdk deploy -c stage=prod -c allowedOrigins=https://a.example`),
 * never by editing constructs.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import path from 'node:path';
import { repoRoot } from './paths.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export type SmileloopConfig = {
  /** CloudFormation stack name; one Smileloop per account and region. */
  stackName: string;
  /** Tag and label only: resource names are generated, so stages never collide on names. */
  stage: string;
  /** Extra CORS origins besides the dashboard's own CloudFront domain (e.g. a custom domain,
   * or http://localhost:5173 while developing the dashboard against a dev stack). */
  allowedOrigins: string[];
  logRetention: RetentionDays;
  lambda: { memoryMb: number; timeoutSeconds: number; logLevel: LogLevel };
  api: { throttleRateLimit: number; throttleBurstLimit: number };
  auth: {
    /** 'optional' until the dashboard ships a TOTP enrolment screen; then 'required'. */
    mfa: 'optional' | 'required';
    /** 'plus' buys compromised-credential and adaptive-auth protection (per-MAU cost). */
    featurePlan: 'plus' | 'essentials';
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
  /** Run cdk-nag AwsSolutions as a synth-time validation plugin. */
  nag: boolean;
};

export const defaultConfig: SmileloopConfig = {
  stackName: 'Smileloop',
  stage: 'dev',
  allowedOrigins: [],
  logRetention: RetentionDays.THREE_MONTHS,
  lambda: { memoryMb: 512, timeoutSeconds: 10, logLevel: 'INFO' },
  api: { throttleRateLimit: 50, throttleBurstLimit: 100 },
  auth: { mfa: 'optional', featurePlan: 'plus', idTokenValidityMinutes: 60, refreshTokenValidityHours: 12 },
  jobs: { retryAttempts: 2, maxEventAgeHours: 2 },
  dashboard: { distDir: path.join(repoRoot, 'dashboard', 'dist'), geoAllowlist: [], accessLogExpirationDays: 90 },
  sms: {
    monthlySpendLimitUsd: 50,
    note: 'Set with `aws sns set-sms-attributes --attributes MonthlySpendLimit=<usd>`; raise the account quota first.',
  },
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

/** Defaults, overridden by the few context keys a deployment may set. */
export const resolveConfig = (node: Node, overrides: Partial<SmileloopConfig> = {}): SmileloopConfig => {
  const ctx = (key: string): unknown => node.tryGetContext(key);
  const base = { ...defaultConfig, ...overrides };
  const stage = ctx('stage');
  const dashboardDist = ctx('dashboardDist');
  return {
    ...base,
    stage: typeof stage === 'string' && stage.length > 0 ? stage : base.stage,
    allowedOrigins: list(ctx('allowedOrigins')) ?? base.allowedOrigins,
    nag: flag(ctx('nag')) ?? base.nag,
    auth: {
      ...base.auth,
      mfa: oneOf(ctx('mfa'), ['optional', 'required'] as const, 'mfa') ?? base.auth.mfa,
      featurePlan: oneOf(ctx('featurePlan'), ['plus', 'essentials'] as const, 'featurePlan') ?? base.auth.featurePlan,
    },
    dashboard: {
      ...base.dashboard,
      distDir: typeof dashboardDist === 'string' ? path.resolve(repoRoot, dashboardDist) : base.dashboard.distDir,
      geoAllowlist: list(ctx('geoAllowlist')) ?? base.dashboard.geoAllowlist,
    },
  };
};
