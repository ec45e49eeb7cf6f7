/**
 * A local-only route of the twin (shared/routes.ts, scope 'local-only'): the caller's role checked
 * against the route table's permission, the work's answer as JSON, a domain error as the API's
 * error body. What the twin's /dev routes share.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { roleHasPermission, type Caller } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import { routeKey, routes } from '../../shared/routes.js';
import { callerFromEvent } from '../http/lib/caller.js';
import { errorResponse } from '../http/lib/router.js';

export type LocalRouteHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;

export const localRoute = (key: string, work: (event: APIGatewayProxyEventV2WithJWTAuthorizer, caller: Caller) => Promise<unknown>): LocalRouteHandler => {
  const permission = routes.find((r) => routeKey(r) === key)?.permission;
  if (!permission) throw new Error(`${key} must be in the route table with a permission`);
  return async (event) => {
    try {
      const caller = callerFromEvent(event);
      if (!roleHasPermission(caller.role, permission)) throw new DomainError('forbidden', `The ${caller.role} role may not do this (${permission})`);
      return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(await work(event, caller)) };
    } catch (error) {
      if (error instanceof DomainError) return errorResponse(error.kind, error.message, error.fields);
      throw error;
    }
  };
};
