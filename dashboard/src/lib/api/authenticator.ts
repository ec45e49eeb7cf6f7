import { apiErrorFromBody } from './api-error';
import type { AppConfig, CognitoConfig } from './config';

/** `accessToken` (Cognito only) is what the user's own MFA settings calls take. */
export type SignedIn = { kind: 'signed-in'; token: string; expiresAt: string; accessToken?: string };
/** Cognito asks invited staff to replace their temporary password on first sign-in. */
export type NewPasswordRequired = { kind: 'new-password-required'; username: string; session: string };
/** A user with an authenticator app enrolled gives its 6-digit code at every sign-in. */
export type TotpRequired = { kind: 'totp-required'; username: string; session: string };
export type SignInChallenge = NewPasswordRequired | TotpRequired;
export type SignInResult = SignedIn | SignInChallenge;

export type AuthFailureReason = 'invalid-credentials' | 'invalid-password' | 'invalid-code' | 'network' | 'other';

export class AuthError extends Error {
  readonly reason: AuthFailureReason;

  constructor(reason: AuthFailureReason, message: string) {
    super(message);
    this.name = 'AuthError';
    this.reason = reason;
  }
}

export type Authenticator = {
  signIn(email: string, password: string): Promise<SignInResult>;
  completeNewPassword(challenge: NewPasswordRequired, newPassword: string): Promise<SignInResult>;
  answerTotp(challenge: TotpRequired, code: string): Promise<SignInResult>;
  /** A new authenticator secret (base32) for the signed-in user. */
  associateTotp(accessToken: string): Promise<string>;
  /** Checks the app's first code and makes TOTP this user's sign-in factor from the next sign-in. */
  confirmTotp(accessToken: string, code: string): Promise<void>;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const postJson = async (url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: unknown }> => {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch (error) {
    throw new AuthError('network', error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
};

/** The twin's answer to a sign-in step: a token, or (login of an enrolled user) a TOTP challenge. */
const localResult = (status: number, body: unknown, username: string, failure: AuthFailureReason): SignInResult => {
  if (status === 200 && isRecord(body) && body.challenge === 'totp' && typeof body.session === 'string') {
    return { kind: 'totp-required', username, session: body.session };
  }
  if (status === 200 && isRecord(body) && typeof body.token === 'string') {
    const expiresAt = typeof body.expiresAt === 'string' ? body.expiresAt : new Date(Date.now() + 3_600_000).toISOString();
    return { kind: 'signed-in', token: body.token, expiresAt, ...(typeof body.accessToken === 'string' ? { accessToken: body.accessToken } : {}) };
  }
  const error = apiErrorFromBody(status, body);
  if (status === 401 || status === 400) throw new AuthError(failure, error.message);
  throw new AuthError('other', error.message);
};

/** The local twin's issuer: POST {apiUrl}/auth/login, and its TOTP stand-ins (functions/local/totp-routes.ts). */
const localAuthenticator = (apiUrl: string): Authenticator => {
  const post = (path: string, body: unknown) => postJson(`${apiUrl}${path}`, { 'Content-Type': 'application/json' }, body);
  return {
    async signIn(email, password) {
      const { status, body } = await post('/auth/login', { email, password });
      return localResult(status, body, email, 'invalid-credentials');
    },
    async completeNewPassword() {
      throw new AuthError('other', 'the local twin never asks for a new password');
    },
    async answerTotp(challenge, code) {
      const { status, body } = await post('/auth/login/totp', { session: challenge.session, code });
      return localResult(status, body, challenge.username, 'invalid-code');
    },
    async associateTotp(accessToken) {
      const { status, body } = await post('/auth/totp/associate', { accessToken });
      if (status === 200 && isRecord(body) && typeof body.secret === 'string') return body.secret;
      throw new AuthError('other', apiErrorFromBody(status, body).message);
    },
    async confirmTotp(accessToken, code) {
      const { status, body } = await post('/auth/totp/verify', { accessToken, code });
      if (status === 200) return;
      if (status === 401 || status === 400) throw new AuthError('invalid-code', apiErrorFromBody(status, body).message);
      throw new AuthError('other', apiErrorFromBody(status, body).message);
    },
  };
};

/** Cognito's JSON API by plain fetch: no SDK in the bundle for a handful of calls. */
const cognitoAuthenticator = (cognito: CognitoConfig): Authenticator => {
  const endpoint = `https://cognito-idp.${cognito.region}.amazonaws.com/`;
  type Target = 'InitiateAuth' | 'RespondToAuthChallenge' | 'AssociateSoftwareToken' | 'VerifySoftwareToken' | 'SetUserMFAPreference';
  const send = async (target: Target, payload: unknown): Promise<Record<string, unknown>> => {
    const { status, body } = await postJson(
      endpoint,
      { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}` },
      payload,
    );
    if (status !== 200 || !isRecord(body)) {
      const type = isRecord(body) && typeof body.__type === 'string' ? (body.__type.split('#').pop() ?? '') : '';
      const message = isRecord(body) && typeof body.message === 'string' ? body.message : `HTTP ${status}`;
      if (type === 'NotAuthorizedException' || type === 'UserNotFoundException') throw new AuthError('invalid-credentials', message);
      if (type === 'InvalidPasswordException') throw new AuthError('invalid-password', message);
      if (type === 'CodeMismatchException' || type === 'ExpiredCodeException') throw new AuthError('invalid-code', message);
      throw new AuthError('other', message);
    }
    return body;
  };
  const call = async (target: 'InitiateAuth' | 'RespondToAuthChallenge', payload: unknown, username: string): Promise<SignInResult> => {
    const body = await send(target, payload);
    const result = body.AuthenticationResult;
    if (isRecord(result) && typeof result.IdToken === 'string') {
      const seconds = typeof result.ExpiresIn === 'number' ? result.ExpiresIn : 3600;
      const accessToken = typeof result.AccessToken === 'string' ? { accessToken: result.AccessToken } : {};
      return { kind: 'signed-in', token: result.IdToken, expiresAt: new Date(Date.now() + seconds * 1000).toISOString(), ...accessToken };
    }
    if (body.ChallengeName === 'NEW_PASSWORD_REQUIRED' && typeof body.Session === 'string') {
      return { kind: 'new-password-required', username, session: body.Session };
    }
    if (body.ChallengeName === 'SOFTWARE_TOKEN_MFA' && typeof body.Session === 'string') {
      return { kind: 'totp-required', username, session: body.Session };
    }
    throw new AuthError('other', `unsupported sign-in step ${String(body.ChallengeName ?? '')}`);
  };

  return {
    signIn: (email, password) =>
      call(
        'InitiateAuth',
        { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: cognito.clientId, AuthParameters: { USERNAME: email, PASSWORD: password } },
        email,
      ),
    completeNewPassword: (challenge, newPassword) =>
      call(
        'RespondToAuthChallenge',
        {
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          ClientId: cognito.clientId,
          Session: challenge.session,
          ChallengeResponses: { USERNAME: challenge.username, NEW_PASSWORD: newPassword },
        },
        challenge.username,
      ),
    answerTotp: (challenge, code) =>
      call(
        'RespondToAuthChallenge',
        {
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          ClientId: cognito.clientId,
          Session: challenge.session,
          ChallengeResponses: { USERNAME: challenge.username, SOFTWARE_TOKEN_MFA_CODE: code },
        },
        challenge.username,
      ),
    async associateTotp(accessToken) {
      const body = await send('AssociateSoftwareToken', { AccessToken: accessToken });
      if (typeof body.SecretCode !== 'string') throw new AuthError('other', 'Cognito gave no secret');
      return body.SecretCode;
    },
    async confirmTotp(accessToken, code) {
      const verified = await send('VerifySoftwareToken', { AccessToken: accessToken, UserCode: code, FriendlyDeviceName: 'Smileloop' });
      if (verified.Status !== 'SUCCESS') throw new AuthError('invalid-code', 'the code was not accepted');
      await send('SetUserMFAPreference', { AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
    },
  };
};

export const createAuthenticator = (config: AppConfig): Authenticator =>
  config.mode === 'cloud' && config.cognito ? cognitoAuthenticator(config.cognito) : localAuthenticator(config.apiUrl);
