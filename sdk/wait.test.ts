import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttp, type FetchLike } from './http.js';
import { longPoll } from './wait.js';

afterEach(() => vi.useRealTimers());

/** A wait endpoint that "waits" by moving the fake clock forward by the requested timeout. */
function timingOutServer(calls: URL[], body = { error: { code: 'wait_timeout', message: 'm' }, nearMisses: [] as unknown[] }): FetchLike {
  return async (url) => {
    const u = new URL(url);
    calls.push(u);
    vi.setSystemTime(Date.now() + Number(u.searchParams.get('timeout')));
    return new Response(JSON.stringify(body), { status: 408 });
  };
}

describe('longPoll', () => {
  it('splits a wait longer than the server maximum into several server waits', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const calls: URL[] = [];
    const http = createHttp('http://h', { fetch: timingOutServer(calls) });
    const outcome = await longPoll(http, '/api/bins/b', { match: { name: 'x' }, after: { requestId: 5, index: 2 }, timeout: 150_000 });
    expect(outcome).toEqual({ ok: false, nearMisses: [] });
    expect(calls.map((u) => u.searchParams.get('timeout'))).toEqual(['60000', '60000', '30000']);
    expect(calls.every((u) => u.searchParams.get('after') === '5:2' && u.searchParams.get('name') === 'x')).toBe(true);
  });

  it('keeps the near misses of every round, newest round first, each once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const miss = (id: number) => ({ event: { requestId: id, index: 0, name: 'y', raw: {} }, request: { id, method: 'POST', signature: { status: 'valid' } } });
    let round = 0;
    const http = createHttp('http://h', {
      fetch: async (url) => {
        vi.setSystemTime(Date.now() + Number(new URL(url).searchParams.get('timeout')));
        const nearMisses = round++ === 0 ? [miss(1)] : [miss(2), miss(1)];
        return new Response(JSON.stringify({ error: { code: 'wait_timeout', message: 'm' }, nearMisses }), { status: 408 });
      },
    });
    const outcome = await longPoll(http, '/api/bins/b', { match: { name: 'x' }, after: { requestId: 0 }, timeout: 61_000 });
    expect(outcome.ok ? [] : outcome.nearMisses.map((m) => m.request?.id)).toEqual([2, 1]);
  });

  it('treats a 408 that is not a wait result as an error, and rejects a bad timeout', async () => {
    const http = createHttp('http://h', { fetch: async () => new Response('Request Timeout', { status: 408 }) });
    await expect(longPoll(http, '/api/bins/b', { match: {}, after: { requestId: 0 }, timeout: 1000 })).rejects.toMatchObject({ status: 408, code: 'http_408' });
    await expect(longPoll(http, '/api/bins/b', { match: {}, after: { requestId: 0 }, timeout: -1 })).rejects.toThrow(RangeError);
  });
});
