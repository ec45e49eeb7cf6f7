import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DomainError } from '../../../shared/domain/errors.js';
import { envNames } from '../../../shared/tables.js';
import { requireEnv, runtimeMode } from '../config.js';
import type { CreatedIdentity, IdentityAccess, NewIdentity } from './identity-directory.js';
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

/**
 * A new role and clinics: the group first (added before the old one is left, so a failure never
 * leaves a user with no role), then the clinic claim. They reach the next ID token, at the next
 * refresh (at most the ID token's validity, 60 minutes by default).
 */
export const updateCognitoAccess = async (access: IdentityAccess): Promise<void> => {
  if (access.role !== access.previousRole) {
    await pool().send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: access.email, GroupName: access.role }));
    await pool().send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: access.email, GroupName: access.previousRole }));
  }
  await pool().send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: userPoolId,
      Username: access.email,
      UserAttributes: [{ Name: 'custom:clinicIds', Value: clinicIdsClaim(access.role, access.clinicIds) }],
    }),
  );
};

/** Disabling also signs the user out everywhere: their refresh tokens stop working at once. */
export const setCognitoEnabled = async (email: string, enabled: boolean): Promise<void> => {
  if (enabled) {
    await pool().send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: email }));
    return;
  }
  await pool().send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: email }));
  await pool().send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: email }));
};

/** Cognito sends the invitation email again with a new temporary password. */
export const resendCognitoInvitation = async (email: string): Promise<void> => {
  await pool().send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: email, MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }));
};
