// Bins API, paging, pruning, ttl sweep and error shapes.
import { afterEach, describe, expect, it } from 'vitest';
import { sweepExpired } from '../server/bin-service.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { json, patch, post, send } from './helpers/http.js';
import { testDb } from './helpers/test-db.js';

let s: HookscopeServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

interface BinBody {
  id: string;
  name: string | null;
  url: string;
  viewerUrl: string;
  requestCount: number;
  maxRequests: number;
  ttl: number;
  pusher: { key: string; secret: string }[];
  secret: string | null;
}
interface Summary {
  id: number;
  method: string;
}

describe('bins API', () => {
  it('creates random and named bins, lists, reads, patches and deletes them', async () => {
    s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
    const random = await post(`${s.url}/api/bins`, {});
    expect(random.status).toBe(201);
    const r = random.body as BinBody;
    expect(r.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(r.name).toBeNull();
    expect(r.url).toBe(`${s.url.replace('127.0.0.1', '127.0.0.1')}/h/${r.id}`);
    expect(r.viewerUrl).toMatch(new RegExp(`/b/${r.id}$`));

    const named = (await post(`${s.url}/api/bins`, { name: 'my-app', maxRequests: 5, ttl: '2h', pusher: [{ key: 'k1', secret: 'supersecret1234' }] })).body as BinBody;
    expect(named).toMatchObject({ id: 'my-app', name: 'my-app', maxRequests: 5, ttl: 7_200_000 });
    expect(named.pusher).toEqual([{ key: 'k1', secret: '***********1234' }]);
    expect(JSON.stringify(named)).not.toContain('supersecret');

    expect((await post(`${s.url}/api/bins`, { name: 'my-app' })).status).toBe(409);
    const list = (await json<{ bins: BinBody[] }>(`${s.url}/api/bins`)).body.bins.map((b) => b.id).sort();
    expect(list).toEqual(['my-app', r.id].sort());

    const changed = await patch(`${s.url}/api/bins/my-app`, { secret: 'tsb-secret', maxRequests: 7 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ secret: '******cret', maxRequests: 7 });
    expect((await json(`${s.url}/api/bins/my-app`)).body).toMatchObject({ maxRequests: 7 });

    expect((await json(`${s.url}/api/bins/my-app`, { method: 'DELETE' })).status).toBe(204);
    expect((await json(`${s.url}/api/bins/my-app`)).status).toBe(404);
  });

  it('answers bad input with a clear JSON error, never a crash', async () => {
    s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
    const cases: [string, RequestInit, number, string][] = [
      ['/api/bins', { method: 'POST', body: '{not json' }, 400, 'invalid_json'],
      ['/api/bins', { method: 'POST', body: JSON.stringify({ name: 'Bad Name' }) }, 400, 'invalid_body'],
      ['/api/bins', { method: 'POST', body: JSON.stringify({ name: 'x'.repeat(64) }) }, 400, 'invalid_body'],
      ['/api/bins', { method: 'POST', body: JSON.stringify({ maxRequests: 'many' }) }, 400, 'invalid_body'],
      ['/api/bins', { method: 'POST', body: JSON.stringify({ ttl: 'forever' }) }, 400, 'invalid_body'],
      ['/api/bins', { method: 'POST', body: JSON.stringify({ pusher: [{ key: 'k' }] }) }, 400, 'invalid_body'],
      ['/api/bins', { method: 'POST', body: JSON.stringify({ surprise: 1 }) }, 400, 'invalid_body'],
      ['/api/bins', { method: 'POST', body: '[]' }, 400, 'invalid_body'],
      ['/api/bins/nope', { method: 'GET' }, 404, 'bin_not_found'],
      ['/api/bins/nope/requests', { method: 'GET' }, 404, 'bin_not_found'],
      ['/api/nothing', { method: 'GET' }, 404, 'not_found'],
    ];
    await post(`${s.url}/api/bins`, { name: 'exists' });
    cases.push(
      ['/api/bins/exists/requests?limit=5000', { method: 'GET' }, 400, 'invalid_query'],
      ['/api/bins/exists/requests?before=abc', { method: 'GET' }, 400, 'invalid_query'],
      ['/api/bins/exists/requests/abc', { method: 'GET' }, 400, 'invalid_request_id'],
      ['/api/bins/exists/requests/999', { method: 'GET' }, 404, 'request_not_found'],
      ['/api/bins/exists', { method: 'PATCH', body: JSON.stringify({ maxRequests: -1 }) }, 400, 'invalid_body'],
    );
    for (const [path, init, status, code] of cases) {
      const res = await json<{ error: { code: string; message: string } }>(`${s.url}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, path).toBe(status);
      expect(res.body.error.code, path).toBe(code);
      expect(res.body.error.message.length, path).toBeGreaterThan(0);
    }
    expect((await json(`${s.url}/healthz`)).status).toBe(200);
  });
});

describe('requests', () => {
  it('pages newest first with before/after cursors and filters by method', async () => {
    s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await send(`${s.url}/h/paging`, { method: i % 5 === 0 ? 'PUT' : 'POST', body: String(i) });
      ids.push(Number(res.headers['x-hookscope-request-id']));
    }
    const page1 = (await json<{ requests: Summary[] }>(`${s.url}/api/bins/paging/requests?limit=10`)).body.requests;
    expect(page1.map((r) => r.id)).toEqual(ids.slice(-10).reverse());
    const page2 = (await json<{ requests: Summary[] }>(`${s.url}/api/bins/paging/requests?limit=10&before=${page1[9].id}`)).body.requests;
    expect(page2.map((r) => r.id)).toEqual(ids.slice(5, 15).reverse());
    const newer = (await json<{ requests: Summary[] }>(`${s.url}/api/bins/paging/requests?after=${ids[21]}`)).body.requests;
    expect(newer.map((r) => r.id)).toEqual(ids.slice(22).reverse());
    const puts = (await json<{ requests: Summary[] }>(`${s.url}/api/bins/paging/requests?method=put`)).body.requests;
    expect(puts.map((r) => r.id)).toEqual([ids[20], ids[15], ids[10], ids[5], ids[0]]);
  });

  it('prunes the oldest requests past maxRequests, in the same transaction', async () => {
    s = await startHookscope({ port: 0, db: await testDb(), maxRequests: 3, quiet: true });
    await post(`${s.url}/api/bins`, { name: 'small', maxRequests: 4 });
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(Number((await send(`${s.url}/h/small`, { body: String(i) })).headers['x-hookscope-request-id']));
    await Promise.all(Array.from({ length: 10 }, (_, i) => send(`${s!.url}/h/default`, { body: String(i) })));
    const small = (await json<{ requests: Summary[] }>(`${s.url}/api/bins/small/requests`)).body.requests;
    expect(small.map((r) => r.id)).toEqual(ids.slice(-4).reverse());
    expect((await json<BinBody>(`${s.url}/api/bins/small`)).body.requestCount).toBe(4);
    expect((await json<{ requests: Summary[] }>(`${s.url}/api/bins/default/requests`)).body.requests).toHaveLength(3);
    expect((await json(`${s.url}/api/bins/small/requests/${ids[0]}`)).status).toBe(404);
  });

  it('deletes one request and clears a bin', async () => {
    s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
    const a = Number((await send(`${s.url}/h/del`, { body: 'a' })).headers['x-hookscope-request-id']);
    const b = Number((await send(`${s.url}/h/del`, { body: 'b' })).headers['x-hookscope-request-id']);
    expect((await json(`${s.url}/api/bins/del/requests/${a}`, { method: 'DELETE' })).status).toBe(204);
    expect((await json(`${s.url}/api/bins/del/requests/${a}`, { method: 'DELETE' })).status).toBe(404);
    expect((await json<{ requests: Summary[] }>(`${s.url}/api/bins/del/requests`)).body.requests.map((r) => r.id)).toEqual([b]);
    expect((await json(`${s.url}/api/bins/del/requests`, { method: 'DELETE' })).status).toBe(204);
    expect((await json<{ requests: Summary[] }>(`${s.url}/api/bins/del/requests`)).body.requests).toEqual([]);
    expect((await json<BinBody>(`${s.url}/api/bins/del`)).body.requestCount).toBe(0);
  });
});

describe('ttl sweep', () => {
  it('removes bins untouched longer than their ttl, with an injected clock', async () => {
    let clock = 1_000_000;
    s = await startHookscope({ port: 0, db: await testDb(), ttl: 60_000, now: () => clock, quiet: true });
    await post(`${s.url}/api/bins`, { name: 'short', ttl: 10_000 });
    await post(`${s.url}/api/bins`, { name: 'default-ttl' });
    await send(`${s.url}/h/active`, { body: 'x' });
    clock += 11_000;
    expect(await sweepExpired(s.context)).toEqual(['short']);
    await send(`${s.url}/h/active`, { body: 'y' });
    clock += 55_000;
    expect((await sweepExpired(s.context)).sort()).toEqual(['default-ttl']);
    expect((await json(`${s.url}/api/bins/active`)).status).toBe(200);
    clock += 61_000;
    expect(await sweepExpired(s.context)).toEqual(['active']);
    expect((await json<{ bins: unknown[] }>(`${s.url}/api/bins`)).body.bins).toEqual([]);
  });
});
