/**
 * Public links (survey invitations, intake questionnaires) carry their tenant: the token is
 * `<tenantId>.<secret>`, where the secret is 16 random bytes in base64url (128 bits). A public
 * request has no verified identity, so the tenant is read from the token and the secret must
 * then match a stored link under that tenant's keys; the body never names a tenant.
 */

/** 22 base64url characters encode exactly 16 bytes. */
const tokenPattern = /^([0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9_-]{22})$/;

export type PublicLinkToken = { tenantId: string; secret: string };

export const publicLinkToken = (tenantId: string, secret: string): string => `${tenantId}.${secret}`;

/** undefined for anything that is not a token we could have issued: callers answer 404. */
export const parsePublicLinkToken = (token: string): PublicLinkToken | undefined => {
  const match = tokenPattern.exec(token);
  if (!match?.[1] || !match[2]) return undefined;
  return { tenantId: match[1], secret: match[2] };
};

/** Where a patient answers a survey (the dashboard's public page): a job sending the link needs only this. */
export const publicSurveyPath = (token: string): string => `/public/surveys/${token}`;
