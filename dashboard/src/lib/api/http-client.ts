import { ApiError, apiErrorFromBody } from './api-error';

export type QueryValue = string | number | undefined;
export type HttpMethod = 'GET' | 'POST' | 'PATCH';

export type ClientAuth = {
  token(): string | null;
  /** called once per 401 answer: the session is over */
  onUnauthorized(): void;
};

const readJson = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export class HttpClient {
  readonly #baseUrl: string;
  readonly #auth: ClientAuth;

  constructor(baseUrl: string, auth: ClientAuth) {
    this.#baseUrl = baseUrl;
    this.#auth = auth;
  }

  async request<T>(method: HttpMethod, path: string, options: { query?: Record<string, QueryValue>; body?: unknown } = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params}` : '';
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.#auth.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(`${this.#baseUrl}${path}${search}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    } catch (error) {
      throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
    }
    const body = await readJson(response);
    if (response.status === 401) this.#auth.onUnauthorized();
    if (!response.ok) throw apiErrorFromBody(response.status, body);
    return body as T;
  }
}
