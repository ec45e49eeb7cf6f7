/**
 * The local issuer's user store (a DynamoDB Local table standing in for the Cognito pool).
 * Passwords are hashed with scrypt and a per-user salt; nothing here is deployed to AWS.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Role } from '../../../shared/domain/access.js';
import { DomainError } from '../../../shared/domain/errors.js';
import { envNames } from '../../../shared/tables.js';
import { requireEnv } from '../config.js';
import { documentClient } from '../dynamo/client.js';
import type { CreatedIdentity, IdentityAccess, NewIdentity } from './identity-directory.js';
import { clinicIdsClaim } from './identity-directory.js';
import { localUserKey } from '../dynamo/entities/local-user.js';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export type LocalUser = { userId: string; email: string; tenantId: string; role: Role; clinicIds: string };

const identityTable = () => requireEnv(envNames.identityTableName);

const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
};

const passwordMatches = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
};

export const createLocalUser = async (identity: NewIdentity): Promise<CreatedIdentity> => {
  const temporaryPassword = identity.password ? undefined : randomBytes(9).toString('base64url');
  const user: LocalUser & { passwordHash: string } = {
    userId: ulid(),
    email: identity.email,
    tenantId: identity.tenantId,
    role: identity.role,
    clinicIds: clinicIdsClaim(identity.role, identity.clinicIds),
    passwordHash: await hashPassword(identity.password ?? temporaryPassword ?? ''),
  };
  try {
    await documentClient.send(
      new PutCommand({ TableName: identityTable(), Item: { ...localUserKey(identity.email), ...user }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new DomainError('conflict', 'email: a user with this email already exists', [{ path: 'email', message: 'already has an account', code: 'already_exists' }]);
    }
    throw error;
  }
  return { userId: user.userId, ...(temporaryPassword ? { temporaryPassword } : {}) };
};

/** The user when the password matches; undefined otherwise (no hint which part was wrong). */
export const verifyLocalUser = async (email: string, password: string): Promise<LocalUser | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: identityTable(), Key: localUserKey(email) }));
  if (!Item || typeof Item.passwordHash !== 'string') return undefined;
  // A disabled user is refused like a wrong password (Cognito: NotAuthorizedException).
  if (Item.disabled === true) return undefined;
  if (!(await passwordMatches(password, Item.passwordHash))) return undefined;
  return { userId: String(Item.userId), email: String(Item.email), tenantId: String(Item.tenantId), role: Item.role as Role, clinicIds: String(Item.clinicIds) };
};

export const localUserExists = async (email: string): Promise<boolean> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: identityTable(), Key: localUserKey(email), ProjectionExpression: 'pk' }));
  return Item !== undefined;
};

export const deleteLocalUser = async (email: string): Promise<void> => {
  await documentClient.send(new DeleteCommand({ TableName: identityTable(), Key: localUserKey(email) }));
};

/** The confirmed authenticator secret of a local user, when they enrolled one (Cognito keeps it per user too). */
export const localTotpSecret = async (email: string): Promise<string | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: identityTable(), Key: localUserKey(email), ProjectionExpression: 'totpSecret' }));
  return typeof Item?.totpSecret === 'string' ? Item.totpSecret : undefined;
};

/** A new secret waits for the app's first code before it becomes the sign-in factor (AssociateSoftwareToken). */
export const setPendingTotpSecret = async (email: string, secret: string): Promise<void> => {
  await documentClient.send(new UpdateCommand({
    TableName: identityTable(), Key: localUserKey(email), UpdateExpression: 'SET pendingTotpSecret = :s', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':s': secret },
  }));
};

/** The pending secret, once its code checks, becomes the user's factor (VerifySoftwareToken + SetUserMFAPreference). */
export const confirmPendingTotpSecret = async (email: string, accepts: (secret: string) => boolean): Promise<boolean> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: identityTable(), Key: localUserKey(email) }));
  const pending = Item?.pendingTotpSecret;
  if (typeof pending !== 'string' || !accepts(pending)) return false;
  await documentClient.send(new UpdateCommand({
    TableName: identityTable(), Key: localUserKey(email), UpdateExpression: 'SET totpSecret = :s REMOVE pendingTotpSecret',
    ConditionExpression: 'pendingTotpSecret = :s', ExpressionAttributeValues: { ':s': pending },
  }));
  return true;
};

/** The user by email, without a password: for a sign-in whose password was checked a step before. */
export const localUserByEmail = async (email: string): Promise<LocalUser | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: identityTable(), Key: localUserKey(email) }));
  if (!Item) return undefined;
  return { userId: String(Item.userId), email: String(Item.email), tenantId: String(Item.tenantId), role: Item.role as Role, clinicIds: String(Item.clinicIds) };
};

const updateLocalUser = async (email: string, set: string, values: Record<string, unknown>, names?: Record<string, string>): Promise<void> => {
  await documentClient.send(
    new UpdateCommand({
      TableName: identityTable(),
      Key: localUserKey(email),
      UpdateExpression: set,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: values,
      ...(names ? { ExpressionAttributeNames: names } : {}),
    }),
  );
};

/** `role` is a reserved word in DynamoDB expressions, hence the name placeholder. */
export const updateLocalAccess = (access: IdentityAccess): Promise<void> =>
  updateLocalUser(access.email, 'SET #role = :role, clinicIds = :clinics', { ':role': access.role, ':clinics': clinicIdsClaim(access.role, access.clinicIds) }, { '#role': 'role' });

export const setLocalEnabled = (email: string, enabled: boolean): Promise<void> => updateLocalUser(email, 'SET disabled = :disabled', { ':disabled': !enabled });

/** A new temporary password, as AdminCreateUser's RESEND makes one. */
export const resendLocalInvitation = async (email: string): Promise<string> => {
  const temporaryPassword = randomBytes(9).toString('base64url');
  await updateLocalUser(email, 'SET passwordHash = :hash', { ':hash': await hashPassword(temporaryPassword) });
  return temporaryPassword;
};
