import type { ApiFieldError as SharedFieldError } from '$shared/schemas/common';

/**
 * One field of an error body as received: the code is a string, not the union this build knows,
 * since a newer API may send a code the dashboard has no words for yet (its message is shown).
 */
export type ApiFieldError = Omit<SharedFieldError, 'code'> & { code?: string };

/** status 0 means the request never got an answer (offline, DNS, CORS). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: ApiFieldError[];

  constructor(status: number, code: string, message: string, fields: ApiFieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }

  /** A change sent with a version someone else has moved past (409 on `version`): reload, then change again. */
  get isStaleVersion(): boolean {
    return this.status === 409 && this.fields.some((f) => f.path === 'version');
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const parseParams = (value: unknown): Record<string, string | number> | undefined => {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number');
  return entries.length ? Object.fromEntries(entries) : undefined;
};

/** The record a conflict is with (`phone.exists`: the patient who has the phone). */
const existingOf = (value: unknown): Pick<ApiFieldError, 'existing'> =>
  isRecord(value) && typeof value.id === 'string' ? { existing: { id: value.id, ...(typeof value.name === 'string' ? { name: value.name } : {}) } } : {};

const parseField = (f: unknown): ApiFieldError[] => {
  if (!isRecord(f) || typeof f.path !== 'string' || typeof f.message !== 'string') return [];
  const params = parseParams(f.params);
  return [{ path: f.path, message: f.message, ...(typeof f.code === 'string' ? { code: f.code } : {}), ...(params ? { params } : {}), ...existingOf(f.existing) }];
};

const parseFields = (value: unknown): ApiFieldError[] => (Array.isArray(value) ? value.flatMap(parseField) : []);

/**
 * Reads the `{ error: { code, message, fields } }` body; tolerates anything else, including the
 * `{ message }` API Gateway itself answers in the cloud (HTTP APIs cannot reshape it).
 */
export const apiErrorFromBody = (status: number, body: unknown): ApiError => {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'string' ? error.code : `http-${status}`;
  const gatewayMessage = isRecord(body) && typeof body.message === 'string' ? body.message : undefined;
  const message = typeof error?.message === 'string' ? error.message : (gatewayMessage ?? `HTTP ${status}`);
  return new ApiError(status, code, message, parseFields(error?.fields));
};
