/**
 * Where staff sign-ins live: the Cognito user pool in the cloud, the local issuer's user
 * store on one machine. Both carry the same claims: tenant, role (group) and clinic scope.
 */
import type { Role } from '../../../shared/domain/access.js';
import { runtimeMode } from '../config.js';
import { createCognitoUser, deleteCognitoUser, resendCognitoInvitation, setCognitoEnabled, updateCognitoAccess } from './cognito-identity.js';
import { createLocalUser, deleteLocalUser, resendLocalInvitation, setLocalEnabled, updateLocalAccess } from './local-identity.js';

export type NewIdentity = { email: string; tenantId: string; role: Role; clinicIds: string[]; password?: string };
/** `temporaryPassword` only in local mode, shown once to the inviter; Cognito emails its own. */
export type CreatedIdentity = { userId: string; temporaryPassword?: string };

/** A staff member's new role and clinics, with the role they leave. */
export type IdentityAccess = { email: string; role: Role; previousRole: Role; clinicIds: string[] };

export const clinicIdsClaim = (role: Role, clinicIds: string[]): string => (role === 'owner' ? '*' : clinicIds.join(','));

export const createIdentity = (identity: NewIdentity): Promise<CreatedIdentity> =>
  runtimeMode() === 'cloud' ? createCognitoUser(identity) : createLocalUser(identity);

/** Undoes `createIdentity` when a later step of an invitation fails. */
export const deleteIdentity = (email: string): Promise<void> => (runtimeMode() === 'cloud' ? deleteCognitoUser(email) : deleteLocalUser(email));

export const updateIdentityAccess = (access: IdentityAccess): Promise<void> =>
  runtimeMode() === 'cloud' ? updateCognitoAccess(access) : updateLocalAccess(access);

/** A disabled identity cannot sign in or refresh its tokens. */
export const setIdentityEnabled = (email: string, enabled: boolean): Promise<void> =>
  runtimeMode() === 'cloud' ? setCognitoEnabled(email, enabled) : setLocalEnabled(email, enabled);

/** Sends the invitation again; locally, the new temporary password is returned (no email is sent). */
export const resendInvitation = async (email: string): Promise<{ temporaryPassword?: string }> => {
  if (runtimeMode() === 'cloud') {
    await resendCognitoInvitation(email);
    return {};
  }
  return { temporaryPassword: await resendLocalInvitation(email) };
};
