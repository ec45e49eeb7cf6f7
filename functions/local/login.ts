/** POST /auth/login, local mode only: what Cognito's sign-in does for the dashboard in the cloud (TOTP: totp-routes.ts). */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loginSchema } from '../../shared/schemas/org.js';
import { DomainError } from '../../shared/domain/errors.js';
import { localTotpSecret, verifyLocalUser } from '../adapters/identity/local-identity.js';
import { jsonBody } from '../http/lib/request.js';
import { errorResponse } from '../http/lib/router.js';
import type { LocalIssuer } from './issuer.js';
import { startTotpChallenge } from './totp-routes.js';

export const createLoginRoute = (issuer: LocalIssuer) => async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    const { email, password } = jsonBody(event, loginSchema);
    const user = await verifyLocalUser(email, password);
    if (!user) return errorResponse('unauthenticated', 'The email or the password is wrong');
    const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    // Enrolled users give the app's code next, as Cognito's SOFTWARE_TOKEN_MFA challenge asks.
    if (await localTotpSecret(user.email)) return { statusCode: 200, headers, body: JSON.stringify({ challenge: 'totp', session: startTotpChallenge(user.email) }) };
    const { token, expiresAt } = await issuer.sign(user);
    // The twin's ID token doubles as the access token the enrolment calls take.
    return { statusCode: 200, headers, body: JSON.stringify({ token, expiresAt, accessToken: token }) };
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(error.kind, error.message, error.fields);
    throw error;
  }
};
