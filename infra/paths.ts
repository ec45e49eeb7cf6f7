/**
 * Where the Lambda entry files live. The stack, the bundle benchmark and the tests all ask
 * this module, so a moved handler breaks one place, loudly, instead of three quietly.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpAreas, type HttpArea } from '../shared/routes.js';
import { jobs, type JobName } from '../shared/schedules.js';

/** Repository root: CDK's bundling root and the lock file's folder. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const lockFilePath = path.join(repoRoot, 'package-lock.json');

export const httpEntry = (area: HttpArea): string => path.join(repoRoot, 'functions', 'http', area, 'handler.ts');

export const jobEntry = (name: JobName): string => path.join(repoRoot, 'functions', 'jobs', `${name}.ts`);

/** SNS subscribers: what arrives from outside (patients' SMS replies). */
export const inboundSubscribers = ['sms-replies'] as const;
export type InboundSubscriber = (typeof inboundSubscribers)[number];

export const inboundEntry = (name: InboundSubscriber): string => path.join(repoRoot, 'functions', 'inbound', `${name}.ts`);

/** Cognito triggers. */
export const authTriggers = ['pre-token'] as const;
export type AuthTrigger = (typeof authTriggers)[number];

export const authEntry = (name: AuthTrigger): string => path.join(repoRoot, 'functions', 'auth', `${name}.ts`);

/** Readers of the table's change stream. */
export const streamReaders = ['message-counts'] as const;
export type StreamReader = (typeof streamReaders)[number];

export const streamEntry = (name: StreamReader): string => path.join(repoRoot, 'functions', 'streams', `${name}.ts`);

export type LambdaEntry = { kind: 'http' | 'job' | 'inbound' | 'auth' | 'stream'; name: string; entry: string };

/** Every function the stack deploys, in a stable order. */
export const lambdaEntries = (): LambdaEntry[] => [
  ...httpAreas.map((area): LambdaEntry => ({ kind: 'http', name: area, entry: httpEntry(area) })),
  ...jobs.map((job): LambdaEntry => ({ kind: 'job', name: job.name, entry: jobEntry(job.name) })),
  ...inboundSubscribers.map((name): LambdaEntry => ({ kind: 'inbound', name, entry: inboundEntry(name) })),
  ...authTriggers.map((name): LambdaEntry => ({ kind: 'auth', name, entry: authEntry(name) })),
  ...streamReaders.map((name): LambdaEntry => ({ kind: 'stream', name, entry: streamEntry(name) })),
];
