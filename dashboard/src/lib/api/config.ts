export type CognitoConfig = { region: string; userPoolId: string; clientId: string };

/** Written next to index.html at deploy time (S3) or served by the local twin. */
export type AppConfig = {
  mode: 'local' | 'cloud';
  apiUrl: string;
  cognito?: CognitoConfig;
};

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const parseCognito = (value: unknown): CognitoConfig | undefined => {
  if (!isRecord(value)) return undefined;
  const { region, userPoolId, clientId } = value;
  if (!isNonEmptyString(region) || !isNonEmptyString(userPoolId) || !isNonEmptyString(clientId)) return undefined;
  return { region, userPoolId, clientId };
};

export const parseConfig = (value: unknown): ConfigResult => {
  if (!isRecord(value)) return { ok: false, reason: 'not a JSON object' };
  const { mode, apiUrl } = value;
  if (mode !== 'local' && mode !== 'cloud') return { ok: false, reason: 'mode must be "local" or "cloud"' };
  if (!isNonEmptyString(apiUrl)) return { ok: false, reason: 'apiUrl is missing' };
  const cognito = parseCognito(value.cognito);
  if (mode === 'cloud' && !cognito) return { ok: false, reason: 'cloud mode needs cognito.region, userPoolId and clientId' };
  return { ok: true, config: { mode, apiUrl: apiUrl.replace(/\/+$/, ''), ...(cognito ? { cognito } : {}) } };
};

const isLocalHost = (): boolean => ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);

export const loadConfig = async (): Promise<ConfigResult> => {
  try {
    const response = await fetch('./config.json', { cache: 'no-store' });
    if (response.ok) return parseConfig(await response.json());
    // a laptop without a config.json is the local twin; anywhere else it is a broken deployment
    if (response.status === 404 && isLocalHost()) return { ok: true, config: { mode: 'local', apiUrl: '/api' } };
    return { ok: false, reason: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
};
