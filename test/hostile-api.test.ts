// Hostile input to the API: bad JSON and wrong types on every route that takes a body or a query
// answer 400 with the one error shape, never 500; the server keeps answering /healthz.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { testDb } from './helpers/test-db.js';

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
  await fetch(`${s.url}/h/hostile-api`, { method: 'POST', body: '{"a":1}' });
});
afterAll(() => s.close());
afterEach(async () => {
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
});

async function call(method: string, path: string, body?: string, contentType = 'application/json'): Promise<{ status: number; code: string | undefined }> {
  const res = await fetch(`${s.url}${path}`, { method, body, headers: body === undefined ? {} : { 'content-type': contentType } });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code };
}

const bodyRoutes: [string, string][] = [
  ['POST', '/api/bins'],
  ['PATCH', '/api/bins/hostile-api'],
  ['POST', '/api/bins/hostile-api/requests/1/replay'],
];

const badJson = ['{', '{"name":', 'null', '[]', '"text"', '42', '\u0000', '{"a":1}garbage', '\xff\xfe', ''.padEnd(10_000, '[')];

describe('bad JSON to every body route', () => {
  for (const [method, path] of bodyRoutes) {
    it(`${method} ${path}`, async () => {
      for (const text of badJson) {
        const r = await call(method, path, text);
        expect(r.status, `${method} ${path} ${JSON.stringify(text.slice(0, 20))}`).toBe(400);
        expect(r.code).toBeTypeOf('string');
      }
      // The content type is not required (curl -d sends form-urlencoded); a bad body still fails as JSON.
      expect((await call(method, path, '{', 'text/plain')).status).toBe(400);
    });
  }
});

const wrongFields: Record<string, unknown>[] = [
  { name: 5 },
  { name: ['a'] },
  { name: 'UPPER case' },
  { maxRequests: '10' },
  { maxRequests: -1 },
  { maxRequests: 1.5 },
  { maxRequests: 1e300 },
  { ttl: {} },
  { ttl: 'forever' },
  { ttl: -5 },
  { pusher: 'key:secret' },
  { pusher: [{ key: 1, secret: 2 }] },
  { pusher: [{ key: 'k' }] },
  { pusher: [{ key: 'k', secret: 's', extra: true }] },
  { pusher: Array.from({ length: 1000 }, () => ({ key: 'k', secret: 's' })) },
  { secret: 123 },
  { secret: '' },
  { response: 'ok' },
  { response: { status: 'two hundred' } },
  { response: { status: 99 } },
  { response: { status: 600 } },
  { response: { headers: { 'bad header': 'x' } } },
  { response: { headers: { ok: 5 } } },
  { response: { body: { not: 'a string' } } },
  { response: { delayMs: -1 } },
  { response: { delayMs: 10_000_000 } },
  { response: { script: 'x' } },
  { response: { script: [{ times: 0 }] } },
  { response: { script: [{ drop: 'yes' }] } },
  { forward: 'http://x' },
  { forward: { url: 'ftp://example.com' } },
  { forward: { url: 'javascript:alert(1)' } },
  { unknownField: true },
  { constructor: { prototype: { polluted: true } } },
];
const rawBodies = ['{"__proto__":{"polluted":true}}', '{"name":"a","name":5}'];

describe('wrong types in every field', () => {
  it('POST /api/bins and PATCH /api/bins/:bin answer 400 for each', async () => {
    for (const body of wrongFields) {
      for (const [method, path] of [['POST', '/api/bins'], ['PATCH', '/api/bins/hostile-api']] as const) {
        const r = await call(method, path, JSON.stringify(body));
        expect(r.status, `${method} ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
      }
    }
    for (const text of rawBodies) expect((await call('POST', '/api/bins', text)).status, text).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('replay answers 400 for each bad field', async () => {
    const bodies = [{ url: 5 }, { url: 'not a url' }, { url: 'file:///etc/passwd' }, { url: 'http://x', resign: 'yes' }, { url: 'http://x', resign: { secret: 5 } }, { url: 'http://x', extra: 1 }];
    for (const body of bodies) {
      const r = await call('POST', '/api/bins/hostile-api/requests/1/replay', JSON.stringify(body));
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('query parameters of wrong type answer 400', async () => {
    const queries = [
      '/api/bins/hostile-api/requests?limit=abc',
      '/api/bins/hostile-api/requests?limit=0',
      '/api/bins/hostile-api/requests?limit=100000',
      '/api/bins/hostile-api/requests?after=-1',
      '/api/bins/hostile-api/requests?before=1e999',
      '/api/bins/hostile-api/requests?signature=maybe',
      '/api/bins/hostile-api/requests?method=G%20T',
      `/api/bins/hostile-api/requests?name=${'n'.repeat(5000)}`,
      '/api/bins/hostile-api/events?limit=x',
      '/api/bins/hostile-api/events?after=zz',
      '/api/bins/hostile-api/wait?timeout=soon',
      '/api/bins/hostile-api/wait?timeout=-5',
      '/api/bins/hostile-api/requests/abc',
      '/api/bins/hostile-api/requests/-1',
      '/api/bins/hostile-api/requests/1.5/raw',
    ];
    for (const q of queries) {
      const r = await call('GET', q);
      expect([400, 404], q).toContain(r.status);
      expect(r.code, q).toBeTypeOf('string');
    }
  });
});

describe('cross-site writes', () => {
  it('refuses a state change whose Origin is another site, and allows same-origin and no-Origin calls', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${s.url}/api/bins`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', ...headers } });
    const evil = await post({ Origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).toBe('cross_origin');
    expect((await post({ Origin: 'null' })).status).toBe(403);
    expect((await post({ 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    // The classic CSRF shape: a form-like text/plain POST from another site.
    const simple = await fetch(`${s.url}/api/bins`, { method: 'POST', body: '{"name":"csrf"}', headers: { 'content-type': 'text/plain', Origin: 'http://evil.example' } });
    expect(simple.status).toBe(403);
    expect((await fetch(`${s.url}/api/bins/csrf`)).status).toBe(404);
    expect((await post({ Origin: s.url })).status).toBe(201);
    expect((await post({})).status).toBe(201);
    const del = await fetch(`${s.url}/api/bins/hostile-api/requests`, { method: 'DELETE', headers: { Origin: 'http://evil.example' } });
    expect(del.status).toBe(403);
    expect((await fetch(`${s.url}/api/bins`, { headers: { Origin: 'http://evil.example' } })).status).toBe(200);
  });
});
