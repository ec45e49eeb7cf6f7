/**
 * The local issuer: signs tokens with the claims Cognito puts in an ID token, and verifies
 * them the way API Gateway's JWT authorizer does (signature, issuer, audience, expiry).
 * Its key persists beside the local data so sign-ins survive a restart.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import type { Role } from '../../shared/domain/access.js';
import { mfaClaim, type mfaClaimValue } from '../../shared/domain/mfa.js';

export const localIssuerUrl = 'https://smileloop.local/issuer';
export const localAudience = 'smileloop-dashboard';
const tokenLifetimeSeconds = 8 * 3600;

export type IdentityClaims = {
  userId: string;
  email: string;
  tenantId: string;
  role: Role;
  clinicIds: string;
  /** set when the sign-in gave a TOTP code, as Cognito's pre-token trigger does (shared/domain/mfa.ts) */
  mfa?: typeof mfaClaimValue;
};

export type LocalIssuer = {
  /** `lifetimeSeconds` below zero makes an already expired token (tests of the authorizer). */
  sign: (identity: IdentityClaims, lifetimeSeconds?: number) => Promise<{ token: string; expiresAt: string }>;
  /** The verified claims, or undefined for a missing, forged or expired token. */
  verify: (token: string) => Promise<JWTPayload | undefined>;
};

type KeyFile = { privateJwk: JWK; publicJwk: JWK };

const loadOrCreateKeys = async (keyFile?: string): Promise<{ privateKey: CryptoKey | Uint8Array; publicKey: CryptoKey | Uint8Array }> => {
  if (keyFile && existsSync(keyFile)) {
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as KeyFile;
    return { privateKey: await importJWK(stored.privateJwk, 'ES256'), publicKey: await importJWK(stored.publicJwk, 'ES256') };
  }
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    const stored: KeyFile = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
    writeFileSync(keyFile, JSON.stringify(stored), { mode: 0o600 });
  }
  return { privateKey, publicKey };
};

export const createLocalIssuer = async (keyFile?: string): Promise<LocalIssuer> => {
  const { privateKey, publicKey } = await loadOrCreateKeys(keyFile);
  return {
    sign: async (identity, lifetimeSeconds = tokenLifetimeSeconds) => {
      const expires = Math.floor(Date.now() / 1000) + lifetimeSeconds;
      const token = await new SignJWT({
        email: identity.email,
        'cognito:groups': [identity.role],
        'custom:tenantId': identity.tenantId,
        'custom:clinicIds': identity.clinicIds,
        token_use: 'id',
        ...(identity.mfa ? { [mfaClaim]: identity.mfa } : {}),
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'local' })
        .setSubject(identity.userId)
        .setIssuer(localIssuerUrl)
        .setAudience(localAudience)
        .setIssuedAt()
        .setExpirationTime(expires)
        .sign(privateKey);
      return { token, expiresAt: new Date(expires * 1000).toISOString() };
    },
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer: localIssuerUrl, audience: localAudience, algorithms: ['ES256'] });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
};
