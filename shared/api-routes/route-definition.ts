/** What a route is; shared/routes.ts assembles the table from these. */
import type { Permission } from '../domain/access.js';

/**
 * One Lambda function per resource area. 'public' holds the links patients open without a login
 * (intake form, survey): its own function, so its role can write only what those forms write.
 */
export const httpAreas = ['system', 'org', 'patients', 'messages', 'jobs', 'catalog', 'engagement', 'marketing', 'appointments', 'visits', 'imports', 'tasks', 'kpi', 'members', 'wallet', 'public', 'plan'] as const;
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

export const route = (
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

