/**
 * Where staff sign-ins live: the Cognito user pool in the cloud, the local issuer's user
 * store on one machine. Both carry the same claims: tenant, role (group) and clinic scope.
 */
import type { Role } from '../../../shared/domain/access.js';
import { runtimeMode } from '../config.js';
import { createCognitoUser, deleteCognitoUser } from './cognito-identity.js';
import { createLocalUser, deleteLocalUser } from './local-identity.js';

export type NewIdentity = { email: string; tenantId: string; role: Role; clinicIds: string[]; password?: string };
/** `temporaryPassword` only in local mode, shown once to the inviter; Cognito emails its own. */
export type CreatedIdentity = { userId: string; temporaryPassword?: string };

export const clinicIdsClaim = (role: Role, clinicIds: string[]): string => (role === 'owner' ? '*' : clinicIds.join(','));

export const createIdentity = (identity: NewIdentity): Promise<CreatedIdentity> =>
  runtimeMode() === 'cloud' ? createCognitoUser(identity) : createLocalUser(identity);

/** Undoes `createIdentity` when a later step of an invitation fails. */
export const deleteIdentity = (email: string): Promise<void> => (runtimeMode() === 'cloud' ? deleteCognitoUser(email) : deleteLocalUser(email));
