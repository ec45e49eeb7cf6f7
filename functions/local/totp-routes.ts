/**
 * The twin's stand-ins for Cognito's TOTP steps, so the dashboard's enrolment screen and sign-in
 * challenge run on the laptop: POST /auth/login/totp answers the challenge a sign-in of an enrolled
 * user returns; /auth/totp/associate and /auth/totp/verify enrol an app with the token in hand
 * (the twin's ID token doubles as Cognito's access token). Whether the API demands TOTP is
 * SMILELOOP_MFA_ROLES, as in the cloud; a user who enrolled is asked for the code at every sign-in.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '../../shared/domain/errors.js';
import { totpAssociateSchema, totpChallengeSchema, totpVerifySchema } from '../../shared/schemas/org.js';
import { confirmPendingTotpSecret, localTotpSecret, localUserByEmail, setPendingTotpSecret } from '../adapters/identity/local-identity.js';
import { jsonBody } from '../http/lib/request.js';
import { errorResponse } from '../http/lib/router.js';
import type { LocalIssuer } from './issuer.js';
import { newTotpSecret, verifyTotp } from './totp.js';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** Cognito's challenge session lasts 3 minutes; so does ours. One process, so memory will do. */
const sessionMs = 3 * 60_000;
const sessions = new Map<string, { email: string; expires: number }>();

/** A sign-in whose password was right, waiting for the authenticator code. */
export const startTotpChallenge = (email: string): string => {
  const now = Date.now();
  for (const [key, value] of sessions) if (value.expires < now) sessions.delete(key);
  const session = randomBytes(24).toString('base64url');
  sessions.set(session, { email, expires: now + sessionMs });
  return session;
};

const ok = (body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body),
});

const guarded = (work: Handler): Handler => async (event) => {
  try {
    return await work(event);
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(error.kind, error.message, error.fields);
    throw error;
  }
};

/** The email of a valid twin token, as Cognito reads the user from an access token. */
const emailOf = async (issuer: LocalIssuer, token: string): Promise<string | undefined> => {
  const claims = await issuer.verify(token);
  return typeof claims?.email === 'string' ? claims.email : undefined;
};

export const createTotpRoutes = (issuer: LocalIssuer): Record<string, Handler> => ({
  'POST /auth/login/totp': guarded(async (event) => {
    const { session, code } = jsonBody(event, totpChallengeSchema);
    const pending = sessions.get(session);
    if (!pending || pending.expires < Date.now()) return errorResponse('unauthenticated', 'The sign-in expired; enter the email and password again');
    const secret = await localTotpSecret(pending.email);
    const user = await localUserByEmail(pending.email);
    if (!secret || !user || !verifyTotp(secret, code)) return errorResponse('unauthenticated', 'The authenticator code is wrong');
    sessions.delete(session);
    const { token, expiresAt } = await issuer.sign({ ...user, mfa: 'totp' });
    return ok({ token, expiresAt, accessToken: token });
  }),
  'POST /auth/totp/associate': guarded(async (event) => {
    const email = await emailOf(issuer, jsonBody(event, totpAssociateSchema).accessToken);
    if (!email) return errorResponse('unauthenticated', 'Sign in again');
    const secret = newTotpSecret();
    await setPendingTotpSecret(email, secret);
    return ok({ secret });
  }),
  'POST /auth/totp/verify': guarded(async (event) => {
    const { accessToken, code } = jsonBody(event, totpVerifySchema);
    const email = await emailOf(issuer, accessToken);
    if (!email) return errorResponse('unauthenticated', 'Sign in again');
    if (!(await confirmPendingTotpSecret(email, (secret) => verifyTotp(secret, code)))) return errorResponse('unauthenticated', 'The authenticator code is wrong');
    return ok({ enrolled: true });
  }),
});
