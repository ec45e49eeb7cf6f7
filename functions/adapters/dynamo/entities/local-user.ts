import { keyTemplate } from './key-template.js';

/**
 * The local issuer's user store (a table of its own, only in the twin; Cognito replaces it in
 * the cloud): one item per email, no sort key. An email may hold any character, so it is free text.
 */
const localUserPk = keyTemplate('EMAIL#{email*}');

export const localUserKey = (email: string): { pk: string } => ({ pk: localUserPk.fill({ email }) });
