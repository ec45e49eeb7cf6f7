/**
 * The route table: the one source of truth for the HTTP API. The CDK stack creates one
 * API Gateway route per entry (with the JWT authorizer unless `auth` is 'public'), and the
 * local gateway serves exactly the same entries. tests/infra asserts the two agree.
 */
import type { Permission } from './domain/access.js';

/** One Lambda function per resource area. */
export const httpAreas = ['system', 'org', 'patients', 'messages', 'jobs'] as const;
export type HttpArea = (typeof httpAreas)[number];

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type RouteDefinition = {
  method: HttpMethod;
  /** API Gateway path syntax: /patients/{patientId} */
  path: string;
  area: HttpArea;
  /** 'public' routes have no authorizer; every other route needs a verified token */
  auth: 'public' | 'token';
  /** checked against the caller's role before the handler runs */
  permission?: Permission;
  /** 'local-only' routes exist only in the local twin (its issuer's login) */
  scope: 'cloud-and-local' | 'local-only';
};

const route = (
  method: HttpMethod,
  path: string,
  area: HttpArea,
  permission: Permission | 'public' | 'any-staff',
  scope: RouteDefinition['scope'] = 'cloud-and-local',
): RouteDefinition => ({
  method,
  path,
  area,
  auth: permission === 'public' ? 'public' : 'token',
  ...(permission === 'public' || permission === 'any-staff' ? {} : { permission }),
  scope,
});

export const routes: RouteDefinition[] = [
  route('GET', '/health', 'system', 'public'),
  route('POST', '/auth/login', 'system', 'public', 'local-only'),
  route('GET', '/me', 'system', 'any-staff'),

  route('GET', '/chain', 'org', 'chain:read'),
  route('PATCH', '/chain', 'org', 'chain:write'),
  route('GET', '/clinics', 'org', 'clinics:read'),
  route('POST', '/clinics', 'org', 'clinics:create'),
  route('GET', '/clinics/{clinicId}', 'org', 'clinics:read'),
  route('PATCH', '/clinics/{clinicId}', 'org', 'clinics:update'),
  route('GET', '/staff', 'org', 'staff:read'),
  route('POST', '/staff', 'org', 'staff:invite'),

  route('GET', '/patients', 'patients', 'patients:read'),
  route('POST', '/patients', 'patients', 'patients:write'),
  route('GET', '/patients/{patientId}', 'patients', 'patients:read'),
  route('PATCH', '/patients/{patientId}', 'patients', 'patients:write'),

  route('GET', '/outbox', 'messages', 'outbox:read'),

  route('GET', '/jobs', 'jobs', 'jobs:run'),
  route('POST', '/jobs/{jobName}/run', 'jobs', 'jobs:run'),
];

/** API Gateway's route key, e.g. "GET /patients/{patientId}". */
export const routeKey = (r: Pick<RouteDefinition, 'method' | 'path'>): string => `${r.method} ${r.path}`;

export const cloudRoutes = (): RouteDefinition[] => routes.filter((r) => r.scope === 'cloud-and-local');
