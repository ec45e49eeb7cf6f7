/**
 * The caller, from the claims API Gateway's JWT authorizer verified (or the local gateway,
 * which does the same). The tenant comes from here only, never from a body or path (invariant 1).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { roles, type Caller, type Role } from '../../../shared/domain/access.js';
import { DomainError } from '../../../shared/domain/errors.js';
import { mfaClaim } from '../../../shared/domain/mfa.js';

type Claims = Record<string, string | number | boolean | string[]>;

/** HTTP APIs hand array claims over as "[owner manager]"; tokens may also carry real arrays. */
const groupsFrom = (value: Claims[string] | undefined): string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
};

const unauthenticated = () => new DomainError('unauthenticated', 'Sign in again: the token has no valid Smileloop identity');

/** The pre-token trigger's (or the local issuer's) MFA claim, as verified by the authorizer. */
export const mfaClaimOf = (event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown =>
  (event.requestContext.authorizer?.jwt?.claims ?? {})[mfaClaim];

export const callerFromEvent = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller => {
  const claims = (event.requestContext.authorizer?.jwt?.claims ?? {}) as Claims;
  const tenantId = claims['custom:tenantId'];
  const sub = claims.sub;
  if (typeof tenantId !== 'string' || tenantId === '' || typeof sub !== 'string') throw unauthenticated();
  const groups = groupsFrom(claims['cognito:groups']);
  // The most privileged group wins when a user is in several.
  const role = roles.find((r) => groups.includes(r)) as Role | undefined;
  if (!role) throw new DomainError('forbidden', 'Your account has no Smileloop role yet; ask the owner to assign one');
  const clinicClaim = typeof claims['custom:clinicIds'] === 'string' ? claims['custom:clinicIds'] : '';
  const clinicScope = role === 'owner' || clinicClaim === '*' ? 'all' : clinicClaim.split(',').map((c) => c.trim()).filter(Boolean);
  return { userId: sub, email: typeof claims.email === 'string' ? claims.email : '', tenantId, role, clinicScope };
};
