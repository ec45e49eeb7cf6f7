/**
 * Configuration read once at cold start. A missing variable fails the first import with its
 * name, not a confusing error on the first request.
 */
import { envNames } from '../../shared/tables.js';

export type RuntimeMode = 'cloud' | 'local';

export const requireEnv = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Missing environment variable ${name}`);
  return value;
};

export const runtimeMode = (): RuntimeMode => (process.env[envNames.mode] === 'local' ? 'local' : 'cloud');
