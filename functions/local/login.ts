/** POST /auth/login, local mode only: what Cognito's sign-in does for the dashboard in the cloud. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loginSchema } from '../../shared/schemas/org.js';
import { DomainError } from '../../shared/domain/errors.js';
import { verifyLocalUser } from '../adapters/identity/local-identity.js';
import { jsonBody } from '../http/lib/request.js';
import { errorResponse } from '../http/lib/router.js';
import type { LocalIssuer } from './issuer.js';

export const createLoginRoute = (issuer: LocalIssuer) => async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    const { email, password } = jsonBody(event, loginSchema);
    const user = await verifyLocalUser(email, password);
    if (!user) return errorResponse('unauthenticated', 'The email or the password is wrong');
    const { token, expiresAt } = await issuer.sign(user);
    return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify({ token, expiresAt }) };
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(error.kind, error.message, error.fields);
    throw error;
  }
};
