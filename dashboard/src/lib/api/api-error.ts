import type { ApiFieldError } from '$shared/schemas/common';

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

const parseFields = (value: unknown): ApiFieldError[] =>
  Array.isArray(value)
    ? value.flatMap((f: unknown) =>
        isRecord(f) && typeof f.path === 'string' && typeof f.message === 'string' ? [{ path: f.path, message: f.message }] : [],
      )
    : [];

/** Reads the `{ error: { code, message, fields } }` body; tolerates anything else. */
export const apiErrorFromBody = (status: number, body: unknown): ApiError => {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'string' ? error.code : `http-${status}`;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  return new ApiError(status, code, message, parseFields(error?.fields));
};
