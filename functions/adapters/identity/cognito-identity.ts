import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DomainError } from '../../../shared/domain/errors.js';
import { envNames } from '../../../shared/tables.js';
import { requireEnv, runtimeMode } from '../config.js';
import type { CreatedIdentity, NewIdentity } from './identity-directory.js';
import { clinicIdsClaim } from './identity-directory.js';

// Built at cold start, and only where the cloud pool is used.
const cloud = runtimeMode() === 'cloud';
const client = cloud ? new CognitoIdentityProviderClient({}) : undefined;
const userPoolId = cloud ? requireEnv(envNames.userPoolId) : '';

const pool = (): CognitoIdentityProviderClient => {
  if (!client) throw new Error('Cognito is used only in cloud mode');
  return client;
};

/** AdminCreateUser: Cognito emails a temporary password; the user sets their own at first sign-in. */
export const createCognitoUser = async (identity: NewIdentity): Promise<CreatedIdentity> => {
  let created;
  try {
    created = await pool().send(
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
  } catch (error) {
    if (error instanceof UsernameExistsException) {
      throw new DomainError('conflict', 'email: a user with this email already exists', [{ path: 'email', message: 'already has an account', code: 'already_exists' }]);
    }
    throw error;
  }
  try {
    await pool().send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: identity.email, GroupName: identity.role }));
  } catch (error) {
    // A user without a role could sign in to nothing; remove it so the invitation can be retried.
    await deleteCognitoUser(identity.email);
    throw error;
  }
  const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
  return { userId: sub ?? identity.email };
};

export const deleteCognitoUser = async (email: string): Promise<void> => {
  await pool().send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
};
