import { ApiError, apiErrorFromBody } from './api-error';

export type QueryValue = string | number | undefined;
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type DownloadedFile = { blob: Blob; fileName: string };

export type ClientAuth = {
  token(): string | null;
  /** called once per 401 answer: the session is over */
  onUnauthorized(): void;
};

/** RFC 6266: filename*=UTF-8''… (the Chinese name) wins over the ASCII fallback. */
export const fileNameFromDisposition = (header: string | null, fallback: string): string => {
  if (!header) return fallback;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // a malformed escape: fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
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
    const response = await this.#send(method, path, options, 'application/json');
    const body = await readJson(response);
    if (!response.ok) throw apiErrorFromBody(response.status, body);
    return body as T;
  }

  /** A file the API sends as bytes (exports): the blob and the name the server gave it. */
  async download(path: string, query: Record<string, QueryValue>, fallbackName: string): Promise<DownloadedFile> {
    const response = await this.#send('GET', path, { query }, '*/*');
    if (!response.ok) throw apiErrorFromBody(response.status, await readJson(response));
    return { blob: await response.blob(), fileName: fileNameFromDisposition(response.headers.get('content-disposition'), fallbackName) };
  }

  async #send(method: HttpMethod, path: string, options: { query?: Record<string, QueryValue>; body?: unknown }, accept: string): Promise<Response> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params}` : '';
    const headers: Record<string, string> = { Accept: accept };
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
    if (response.status === 401) this.#auth.onUnauthorized();
    return response;
  }
}
