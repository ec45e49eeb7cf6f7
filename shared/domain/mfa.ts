/**
 * Which roles must have used a second factor (TOTP) to call the private API, and how a token says
 * it did. Cognito's ID token carries no MFA claim of its own: the pre-token-generation trigger
 * (functions/auth/pre-token.ts) adds `smileloop:mfa` = 'totp' for a user with TOTP enrolled, and
 * Cognito then asks every sign-in of that user for the code, so the claim means the code was given.
 * The local issuer adds the same claim after its own TOTP check.
 */
import { roles, type Role } from './access.js';

export const mfaClaim = 'smileloop:mfa';
export const mfaClaimValue = 'totp';

/** Those who can change prices, staff and automation for a whole chain or clinic. */
export const defaultMfaRoles: readonly Role[] = ['owner', 'manager'];

/** The env var's value ("owner,manager"; empty = nobody) as roles; unknown names are dropped. */
export const parseMfaRoles = (value: string | undefined): Role[] =>
  (value ?? '').split(',').map((r) => r.trim()).filter((r): r is Role => (roles as readonly string[]).includes(r));

export const mfaMissing = ({ role, claim, requiredRoles }: { role: Role; claim: unknown; requiredRoles: readonly Role[] }): boolean =>
  requiredRoles.includes(role) && claim !== mfaClaimValue;
