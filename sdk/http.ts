// The only network code of the client: fetch, JSON, and the API's error shape -> HookscopeApiError.
import { HookscopeApiError } from './errors.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** A fetch implementation (default: the global fetch of Node 18+ and browsers). */
  fetch?: FetchLike;
  /** The server's `--token`: sent as `Authorization: Bearer <token>` (capture URLs need none). */
  token?: string;
  /** Headers sent with every API call (e.g. one a proxy in front of hookscope wants). */
  headers?: Record<string, string>;
}

export type Query = Record<string, string | number | undefined>;

export interface CallOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Non-2xx statuses that are answers, not errors (the wait's 408). */
  accept?: number[];
}

export interface Answer<T> {
  status: number;
  body: T;
}

export interface Http {
  readonly baseUrl: string;
  call<T>(method: string, path: string, options?: CallOptions): Promise<Answer<T>>;
}

export function createHttp(baseUrl: string, options: ClientOptions = {}): Http {
  const base = baseUrl.replace(/\/+$/, '');
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const auth: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};
  return {
    baseUrl: base,
    async call<T>(method: string, path: string, call: CallOptions = {}): Promise<Answer<T>> {
      const headers: Record<string, string> = { Accept: 'application/json', ...auth, ...options.headers };
      if (call.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await doFetch(base + path + queryString(call.query), {
        method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: call.signal,
      });
      const body = await readBody(res);
      if (res.ok || call.accept?.includes(res.status)) return { status: res.status, body: body as T };
      throw apiError(res.status, method, path, body);
    },
  };
}

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function segment(id: string | number): string {
  return encodeURIComponent(String(id));
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function apiError(status: number, method: string, path: string, body: unknown): HookscopeApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new HookscopeApiError(status, error.code, error.message);
  }
  const detail = typeof body === 'string' && body.length > 0 ? `: ${body.slice(0, 200)}` : '';
  return new HookscopeApiError(status, `http_${status}`, `${method} ${path} answered ${status}${detail}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
