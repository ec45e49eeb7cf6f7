import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DomainError } from '../../../shared/domain/errors.js';
import { envNames } from '../../../shared/tables.js';
import { requireEnv } from '../config.js';
import type { CreatedIdentity, NewIdentity } from './identity-directory.js';
import { clinicIdsClaim } from './identity-directory.js';

let client: CognitoIdentityProviderClient | undefined;

/** AdminCreateUser: Cognito emails a temporary password; the user sets their own at first sign-in. */
export const createCognitoUser = async (identity: NewIdentity): Promise<CreatedIdentity> => {
  client ??= new CognitoIdentityProviderClient({});
  const userPoolId = requireEnv(envNames.userPoolId);
  try {
    const created = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: identity.email,
        DesiredDeliveryMediums: ['EMAIL'],
        ...(identity.password ? { TemporaryPassword: identity.password } : {}),
        UserAttributes: [
          { Name: 'email', Value: identity.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:tenantId', Value: identity.tenantId },
          { Name: 'custom:clinicIds', Value: clinicIdsClaim(identity.role, identity.clinicIds) },
        ],
      }),
    );
    await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: identity.email, GroupName: identity.role }));
    const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    return { userId: sub ?? identity.email };
  } catch (error) {
    if (error instanceof UsernameExistsException) {
      throw new DomainError('conflict', 'email: a user with this email already exists', [{ path: 'email', message: 'already has an account' }]);
    }
    throw error;
  }
};
