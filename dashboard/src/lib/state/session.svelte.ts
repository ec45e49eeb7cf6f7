import { ApiError } from '../api/api-error';
import { createAuthenticator, type Authenticator, type NewPasswordRequired, type SignInChallenge, type SignInResult, type TotpRequired } from '../api/authenticator';
import type { AppConfig } from '../api/config';
import { HttpClient } from '../api/http-client';
import { SmileloopApi } from '../api/smileloop-api';
import type { Me } from '../api/types';

type StoredToken = { token: string; expiresAt: string; accessToken?: string };
export type SessionStatus = 'signed-out' | 'loading' | 'signed-in' | 'failed';

/** sessionStorage: the token dies with the tab, and never reaches other tabs or disk profiles. */
const storageKey = 'smileloop.session';

const readStoredToken = (): StoredToken | null => {
  try {
    const raw = sessionStorage.getItem(storageKey);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { token, expiresAt, accessToken } = parsed as Record<string, unknown>;
    if (typeof token !== 'string' || typeof expiresAt !== 'string') return null;
    if (Date.parse(expiresAt) <= Date.now()) return null;
    return { token, expiresAt, ...(typeof accessToken === 'string' ? { accessToken } : {}) };
  } catch {
    return null;
  }
};

/** Who is signed in, with which token; the API client every feature uses. */
export class Session {
  readonly api: SmileloopApi;
  readonly #authenticator: Authenticator;
  #stored: StoredToken | null = readStoredToken();

  status = $state<SessionStatus>(this.#stored ? 'loading' : 'signed-out');
  me = $state<Me | null>(null);
  /** why the user is looking at the login page, if not by choice */
  expired = $state(false);
  failure = $state<ApiError | null>(null);
  /** set after an authenticator app was enrolled: the login page asks to sign in again with it */
  totpEnrolled = $state(false);

  constructor(config: AppConfig) {
    this.#authenticator = createAuthenticator(config);
    this.api = new SmileloopApi(
      new HttpClient(config.apiUrl, {
        token: () => this.#stored?.token ?? null,
        onUnauthorized: () => this.#expire(),
      }),
    );
  }

  /** Resume a session from this tab's storage, if there is one. */
  async resume(): Promise<void> {
    if (this.#stored) await this.#loadMe();
  }

  /** Returns the challenge when Cognito wants a new password or an authenticator code first. */
  async signIn(email: string, password: string): Promise<SignInChallenge | null> {
    return this.#accept(await this.#authenticator.signIn(email, password));
  }

  async completeNewPassword(challenge: NewPasswordRequired, newPassword: string): Promise<SignInChallenge | null> {
    return this.#accept(await this.#authenticator.completeNewPassword(challenge, newPassword));
  }

  async answerTotp(challenge: TotpRequired, code: string): Promise<SignInChallenge | null> {
    return this.#accept(await this.#authenticator.answerTotp(challenge, code));
  }

  /** The API refused this owner or manager: they must enrol an authenticator app first. */
  get mfaRequired(): boolean {
    return this.status === 'failed' && this.failure?.code === 'mfa_required';
  }

  /** The signed-in user's email, from the ID token (GET /me is what was refused). */
  get tokenEmail(): string {
    try {
      const payload: unknown = JSON.parse(atob((this.#stored?.token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
      return typeof payload === 'object' && payload !== null && typeof (payload as Record<string, unknown>).email === 'string' ? String((payload as Record<string, unknown>).email) : '';
    } catch {
      return '';
    }
  }

  /** A new authenticator secret (base32) for the signed-in user. */
  associateTotp(): Promise<string> {
    return this.#authenticator.associateTotp(this.#stored?.accessToken ?? '');
  }

  /** The app's first code confirms the secret; the token in hand has no MFA claim, so sign in again. */
  async confirmTotp(code: string): Promise<void> {
    await this.#authenticator.confirmTotp(this.#stored?.accessToken ?? '', code);
    this.signOut();
    this.totpEnrolled = true;
  }

  signOut(): void {
    this.#clear();
    this.expired = false;
  }

  retry(): Promise<void> {
    return this.#loadMe();
  }

  async #accept(result: SignInResult): Promise<SignInChallenge | null> {
    if (result.kind !== 'signed-in') return result;
    this.#stored = { token: result.token, expiresAt: result.expiresAt, ...(result.accessToken ? { accessToken: result.accessToken } : {}) };
    this.totpEnrolled = false;
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(this.#stored));
    } catch {
      // storage full or disabled: the session lasts until reload
    }
    this.expired = false;
    await this.#loadMe();
    return null;
  }

  async #loadMe(): Promise<void> {
    this.status = 'loading';
    this.failure = null;
    try {
      this.me = await this.api.me();
      this.status = 'signed-in';
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return; // #expire already ran
      this.failure = error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error));
      this.status = 'failed';
    }
  }

  #expire(): void {
    const wasSignedIn = this.#stored !== null;
    this.#clear();
    this.expired = wasSignedIn;
  }

  #clear(): void {
    this.#stored = null;
    try {
      sessionStorage.removeItem(storageKey);
    } catch {
      // nothing stored
    }
    this.me = null;
    this.status = 'signed-out';
  }
}
