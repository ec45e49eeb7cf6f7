/**
 * Cognito pre-token-generation trigger (V1 event: every feature plan, Lite included). Adds
 * `smileloop:mfa` = 'totp' to the ID token of a user who has TOTP enrolled. Once enrolled, Cognito
 * asks for the code at every sign-in (the pool's MFA is optional, per user), so such a token was
 * only issued after the code was given. The API reads the claim (shared/domain/mfa.ts).
 *
 * The V1 event does not say which factors a user has: AdminGetUser does (UserMFASettingList).
 * Logs hold the outcome only, never the email.
 */
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { mfaClaim, mfaClaimValue } from '../../shared/domain/mfa.js';
import { logger } from '../adapters/logger.js';

const client = new CognitoIdentityProviderClient({});

export const hasTotp = (settings: readonly string[] | undefined): boolean => (settings ?? []).includes('SOFTWARE_TOKEN_MFA');

export const handler = async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: event.userPoolId, Username: event.userName }));
  const totp = hasTotp(user.UserMFASettingList);
  if (totp) {
    event.response.claimsOverrideDetails = {
      ...event.response.claimsOverrideDetails,
      claimsToAddOrOverride: { ...event.response.claimsOverrideDetails?.claimsToAddOrOverride, [mfaClaim]: mfaClaimValue },
    };
  }
  logger.info('pre-token', { trigger: event.triggerSource, totp });
  return event;
};
