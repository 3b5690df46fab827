import { describe, expect, it } from 'vitest';
import { HookscopeApiError } from './errors.js';
import { createHttp, type FetchLike, queryString } from './http.js';

function fakeFetch(status: number, body: string, seen: { url?: string; init?: RequestInit }[] = []): FetchLike {
  return async (url, init) => {
    seen.push({ url, init });
    return new Response(status === 204 ? null : body, { status });
  };
}

describe('client http', () => {
  it('builds URLs and queries, sends JSON and extra headers', async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    const http = createHttp('http://h:1//', { fetch: fakeFetch(200, '{"ok":true}', seen), headers: { 'X-Auth': 't' } });
    const res = await http.call('POST', '/api/x', { query: { a: 1, b: undefined, c: 'x y' }, body: { n: 1 } });
    expect(res).toEqual({ status: 200, body: { ok: true } });
    expect(seen[0].url).toBe('http://h:1/api/x?a=1&c=x+y');
    expect(seen[0].init?.headers).toMatchObject({ 'X-Auth': 't', 'Content-Type': 'application/json' });
    expect(seen[0].init?.body).toBe('{"n":1}');
    expect(queryString({})).toBe('');
  });

  it('turns the API error shape into HookscopeApiError', async () => {
    const http = createHttp('http://h', { fetch: fakeFetch(422, '{"error":{"code":"bad_thing","message":"it is bad"}}') });
    const err = await http.call('GET', '/api/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HookscopeApiError);
    expect(err).toMatchObject({ status: 422, code: 'bad_thing', message: 'it is bad', name: 'HookscopeApiError' });
  });

  it('names the status when the body is not the API shape (a proxy in between)', async () => {
    const http = createHttp('http://h', { fetch: fakeFetch(502, 'Bad Gateway') });
    await expect(http.call('GET', '/api/x')).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'GET /api/x answered 502: Bad Gateway' });
  });

  it('accepts listed statuses as answers and 204 as no body', async () => {
    const timeout = createHttp('http://h', { fetch: fakeFetch(408, '{"error":{"code":"wait_timeout","message":"m"},"nearMisses":[]}') });
    expect((await timeout.call('GET', '/w', { accept: [408] })).status).toBe(408);
    const empty = createHttp('http://h', { fetch: fakeFetch(204, '') });
    expect(await empty.call('DELETE', '/x')).toEqual({ status: 204, body: undefined });
  });
});
