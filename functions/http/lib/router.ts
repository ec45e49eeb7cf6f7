/**
 * One small router per area: looks the route up in the shared route table by API Gateway's
 * routeKey, checks the role's permission, runs the operation and maps errors to
 * `{"error":{"code","message","fields"}}`. Logs carry ids and status codes, never bodies.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { roleHasPermission, type Caller } from '../../../shared/domain/access.js';
import { DomainError, type ProblemKind } from '../../../shared/domain/errors.js';
import { cloudRoutes, routeKey, routes, type HttpArea, type RouteDefinition } from '../../../shared/routes.js';
import { apiErrorBody, type ApiErrorBody } from '../../../shared/schemas/common.js';
import type { ApiErrorCode } from '../../../shared/schemas/error-codes.js';
import { logger } from '../../adapters/logger.js';
import { mfaMissing, parseMfaRoles } from '../../../shared/domain/mfa.js';
import { envNames } from '../../../shared/tables.js';
import { callerFromEvent, mfaClaimOf } from './caller.js';
import { pricesFor } from './price-filter.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
/** `text`: a plain-text answer instead of JSON (a provider's callback that expects a bare word back). */
export type OperationResult = { status: number; body?: unknown; headers?: Record<string, string>; text?: string };
export type PublicOperation = (event: HttpEvent) => Promise<OperationResult>;
export type PrivateOperation = (event: HttpEvent, caller: Caller) => Promise<OperationResult>;
export type AreaOperations = Record<string, PublicOperation | PrivateOperation>;

const statusFor: Record<ProblemKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'too-many-requests': 429,
};

const codeFor: Record<ProblemKind, ApiErrorCode> = {
  invalid: 'invalid_request',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  'not-found': 'not_found',
  conflict: 'conflict',
  'too-large': 'too_large',
  'too-many-requests': 'too_many_requests',
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: body === undefined ? '' : JSON.stringify(body),
});

export const errorResponse = (kind: ProblemKind, message: string, fields: DomainError['fields'] = []): APIGatewayProxyStructuredResultV2 => {
  const body: ApiErrorBody = apiErrorBody(codeFor[kind], message, fields);
  return json(statusFor[kind], body);
};

/**
 * A route key this area does not serve. In the cloud API Gateway matches routes before any Lambda
 * runs and answers unknown ones itself (HTTP APIs cannot customise those responses), so this is
 * reached only by a misrouted event; it still answers in the documented shape, 405 with Allow
 * when the path exists under other methods.
 */
const unmatchedRoute = (key: string): APIGatewayProxyStructuredResultV2 => {
  const [method, path] = key.split(' ');
  const allowed = routes.filter((r) => r.path === path && r.method !== method).map((r) => r.method);
  if (allowed.length === 0) return errorResponse('not-found', `No route ${key}`);
  return json(405, apiErrorBody('method_not_allowed', `${path} does not take ${method}; it takes ${allowed.join(', ')}`), { allow: allowed.join(', ') });
};

/**
 * Builds the Lambda handler of an area. Throws at cold start when the route table lists a
 * route of this area that has no operation, so a deploy cannot ship a dead route.
 */
export const createAreaHandler = (area: HttpArea, operations: AreaOperations) => {
  const areaRoutes = new Map<string, RouteDefinition>(cloudRoutes().filter((r) => r.area === area).map((r) => [routeKey(r), r]));
  for (const key of areaRoutes.keys()) if (!operations[key]) throw new Error(`Route ${key} has no operation in area ${area}`);

  return async (event: HttpEvent, context?: Pick<Context, 'awsRequestId'>): Promise<APIGatewayProxyStructuredResultV2> => {
    const started = Date.now();
    const requestId = context?.awsRequestId ?? event.requestContext?.requestId ?? 'unknown';
    const route = areaRoutes.get(event.routeKey);
    const operation = operations[event.routeKey];
    let response: APIGatewayProxyStructuredResultV2;
    let tenantId: string | undefined;
    try {
      if (!route || !operation) {
        response = unmatchedRoute(event.routeKey);
      } else if (route.auth === 'public') {
        response = toResponse(await (operation as PublicOperation)(event));
      } else {
        const caller = callerFromEvent(event);
        tenantId = caller.tenantId;
        if (mfaMissing({ role: caller.role, claim: mfaClaimOf(event), requiredRoles: parseMfaRoles(process.env[envNames.mfaRoles]) })) {
          throw new MfaRequired(caller.role);
        }
        if (route.permission && !roleHasPermission(caller.role, route.permission)) {
          throw new DomainError('forbidden', `The ${caller.role} role may not do this (${route.permission})`);
        }
        response = toResponse(await pricesFor(caller, await (operation as PrivateOperation)(event, caller)));
      }
    } catch (error) {
      response = responseForError(error, requestId);
    }
    // Keys passed per line, not appended to the shared logger: the local twin serves requests concurrently.
    logger.info('request', { requestId, routeKey: event.routeKey, status: response.statusCode, tenantId, durationMs: Date.now() - started });
    return response;
  };
};

const toResponse = (result: OperationResult): APIGatewayProxyStructuredResultV2 =>
  result.text === undefined
    ? json(result.status, result.body, result.headers)
    : { statusCode: result.status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...result.headers }, body: result.text };

/** Every private route, /me included: the dashboard answers it with the enrolment screen. */
class MfaRequired extends Error {
  constructor(role: string) {
    super(`The ${role} role signs in with an authenticator app code: set one up, then sign in again`);
  }
}

const responseForError = (error: unknown, requestId: string): APIGatewayProxyStructuredResultV2 => {
  if (error instanceof MfaRequired) return json(403, apiErrorBody('mfa_required', error.message));
  if (error instanceof DomainError) return errorResponse(error.kind, error.message, error.fields);
  // Only the error's name and message: SDK errors do not echo item contents.
  logger.error('unhandled error', { requestId, errorName: error instanceof Error ? error.name : typeof error, errorMessage: error instanceof Error ? error.message : '' });
  return json(500, apiErrorBody('internal', `Something went wrong on our side. Try again; if it keeps happening, quote request ${requestId}.`));
};

export const ok = (body: unknown): OperationResult => ({ status: 200, body });
export const created = (body: unknown): OperationResult => ({ status: 201, body });
