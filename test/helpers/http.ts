// A raw node:http client for tests: sends headers exactly as given (order, case, duplicates) and
// returns the status, headers and body bytes.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function send(
  url: string,
  options: { method?: string; headers?: [string, string][] | Record<string, string>; body?: Uint8Array | string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // With a flat header array node adds neither Host nor a framing header itself: add them.
    const length = options.body === undefined ? 0 : Buffer.byteLength(options.body);
    const headerList = Array.isArray(options.headers)
      ? [...(hasHost(options.headers) ? [] : ['Host', new URL(url).host]), ...options.headers.flat(), ...(hasLength(options.headers) ? [] : ['Content-Length', String(length)])]
      : options.headers;
    const req = request(url, { method: options.method ?? 'POST', headers: headerList, setHost: !Array.isArray(options.headers) && !hasHost(options.headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function hasLength(headers: [string, string][]): boolean {
  return headers.some(([n]) => n.toLowerCase() === 'content-length' || n.toLowerCase() === 'transfer-encoding');
}

function hasHost(headers: [string, string][] | Record<string, string> | undefined): boolean {
  if (!headers) return false;
  const names = Array.isArray(headers) ? headers.map(([n]) => n) : Object.keys(headers);
  return names.some((n) => n.toLowerCase() === 'host');
}

export async function json<T = unknown>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export const post = (url: string, body: unknown) =>
  json(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
export const patch = (url: string, body: unknown) =>
  json(url, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
