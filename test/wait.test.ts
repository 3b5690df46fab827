// GET /api/bins/:bin/wait: the first matching event, stored already or arriving while the call is
// open; 408 with near misses on timeout. No sleeps: a wait is started, the test waits until the
// server holds it (hub subscriber count), then sends.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DecodedEvent, RequestSummary } from '../core/wire.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { type Fixture, sendableHeaders, fixture } from './helpers/fixtures.js';
import { json, post, send } from './helpers/http.js';
import { testDb } from './helpers/test-db.js';

interface Matched {
  event: DecodedEvent | null;
  request: RequestSummary;
}
interface NearMissBody {
  event: DecodedEvent | null;
  request: RequestSummary;
  matched: string[];
  differs: string[];
  details: { field: string; expected: string; actual: string | null }[];
}
interface TimeoutBody {
  error: { code: string; message: string };
  nearMisses: NearMissBody[];
}

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
});
afterAll(() => s.close());


async function deliver(bin: string, f: Fixture, body = f.request.body): Promise<number> {
  const res = await send(`${s.url}/h/${bin}`, { method: f.request.method, headers: sendableHeaders(f), body });
  expect(res.status).toBe(200);
  return Number(res.headers['x-hookscope-request-id']);
}

const wait = <T = Matched>(bin: string, query: Record<string, string | number>, init?: RequestInit) =>
  json<T>(`${s.url}/api/bins/${bin}/wait?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`, init);

const waiters = (bin: string) => s.context.hub.subscriberCount(bin);
/** Resolves once the server holds `n` waiters on the bin (polls the count, no fixed sleep). */
const untilWaiters = (bin: string, n: number) => vi.waitFor(() => expect(waiters(bin)).toBe(n), { timeout: 5000, interval: 2 });

describe('wait: matches', () => {
  it('answers with an event already stored when after=0', async () => {
    const id = await deliver('w-stored', fixture('pusher', 'batched'));
    const res = await wait('w-stored', { name: 'member_removed', after: 0 });
    expect(res.status).toBe(200);
    expect(res.body.event).toMatchObject({ requestId: id, index: 3, name: 'member_removed', userId: 'a_user_id' });
    expect(res.body.request).toMatchObject({ id, bin: 'w-stored', eventCount: 5 });
    expect(waiters('w-stored')).toBe(0);
  });

  it('by default ignores what is stored and answers when a matching event arrives', async () => {
    const f = fixture('sockudo', 'member_added');
    const old = await deliver('w-later', f);
    const pending = wait('w-later', { name: 'member_added', channel: 'presence-lobby', userId: 'u-1', timeout: 10_000 });
    await untilWaiters('w-later', 1);
    const id = await deliver('w-later', f);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(id).toBeGreaterThan(old);
    expect(res.body.event).toMatchObject({ requestId: id, index: 0, name: 'member_added', channel: 'presence-lobby', userId: 'u-1' });
    expect(waiters('w-later')).toBe(0);
  });

  it('combines name, channel, userId and signature on the same event', async () => {
    const f = fixture('pusher', 'batched');
    const created = await post(`${s.url}/api/bins`, { name: 'w-signed', pusher: [{ key: f.credentials.app_key, secret: f.credentials.secret }] });
    expect(created.status).toBe(201);
    const valid = await deliver('w-signed', f);
    // Same shape, other user: the body no longer matches its signature.
    const tampered = await deliver('w-signed', f, f.request.body.replaceAll('a_user_id', 'b_user_id'));
    const filter = { name: 'member_added', channel: 'presence-your_channel_name', after: 0 };
    const ok = await wait('w-signed', { ...filter, userId: 'a_user_id', signature: 'valid' });
    expect(ok.body.request).toMatchObject({ id: valid, signature: { status: 'valid' } });
    const bad = await wait('w-signed', { ...filter, userId: 'b_user_id', signature: 'invalid' });
    expect(bad.body.request).toMatchObject({ id: tampered, signature: { status: 'invalid' } });
    expect(bad.body.event).toMatchObject({ index: 1, userId: 'b_user_id' });
    const none = await wait<TimeoutBody>('w-signed', { ...filter, userId: 'b_user_id', signature: 'valid', timeout: 0 });
    expect(none.status).toBe(408);
    expect(none.body.nearMisses[0]).toMatchObject({ request: { id: tampered }, event: { index: 1 }, differs: ['signature'] });
  });

  it('matches a request without events on method alone (event: null)', async () => {
    await deliver('w-method', fixture('pusher', 'member_added'));
    const get = await send(`${s.url}/h/w-method/ping?x=1`, { method: 'GET' });
    const res = await wait('w-method', { method: 'get', after: 0 });
    expect(res.status).toBe(200);
    expect(res.body.event).toBeNull();
    expect(res.body.request).toMatchObject({ id: Number(get.headers['x-hookscope-request-id']), method: 'GET', eventCount: 0 });
    const post = await wait('w-method', { method: 'POST', after: 0 });
    expect(post.body.event?.name).toBe('member_added');
  });

  it('takes a requestId:index position as `after`, inside one batch', async () => {
    const id = await deliver('w-position', fixture('pusher', 'batched'));
    expect((await wait('w-position', { after: `${id}:1` })).body.event).toMatchObject({ requestId: id, index: 2 });
    expect((await wait('w-position', { name: 'member_removed', after: `${id}:2` })).body.event?.index).toBe(3);
    const past = await wait<TimeoutBody>('w-position', { name: 'member_removed', after: `${id}:3`, timeout: 0 });
    expect(past.status).toBe(408);
    expect(past.body.nearMisses.map((m) => m.event?.index)).toEqual([4]);
  });
});

describe('wait: timeout and release', () => {
  it('answers 408 wait_timeout with the closest non-matching events, most matching fields first', async () => {
    const first = await deliver('w-timeout', fixture('pusher', 'batched'));
    await deliver('w-timeout', fixture('sockudo', 'member_added'));
    await send(`${s.url}/h/w-timeout`, { headers: { 'Content-Type': 'text/plain' }, body: 'not a webhook' });
    const res = await wait<TimeoutBody>('w-timeout', { name: 'member_added', channel: 'presence-lobby', userId: 'u-2', after: first - 1, timeout: 50 });
    expect(res.status).toBe(408);
    expect(res.body.error.code).toBe('wait_timeout');
    expect(res.body.error.message).toContain('name=member_added');
    const misses = res.body.nearMisses;
    expect(misses).toHaveLength(5 + 1 + 1);
    expect(misses[0]).toMatchObject({
      event: { name: 'member_added', channel: 'presence-lobby', userId: 'u-1' },
      matched: ['name', 'channel'],
      differs: ['userId'],
      details: [{ field: 'userId', expected: 'u-2', actual: 'u-1' }],
    });
    expect(misses[1]).toMatchObject({ event: { name: 'member_added', userId: 'a_user_id' }, matched: ['name'] });
    const counts = misses.map((m) => m.matched.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(misses.some((m) => m.event === null && m.request.contentType === 'text/plain')).toBe(true);
    expect(waiters('w-timeout')).toBe(0);
  });

  it('releases the waiter when the client aborts', async () => {
    const controller = new AbortController();
    const pending = wait('w-abort', { name: 'never', timeout: 60_000 }, { signal: controller.signal }).catch((err: Error) => err);
    await untilWaiters('w-abort', 1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await untilWaiters('w-abort', 0);
  });

  it('answers 410 when the bin is deleted while waiting', async () => {
    await post(`${s.url}/api/bins`, { name: 'w-deleted' });
    const pending = wait<{ error: { code: string } }>('w-deleted', { name: 'x', timeout: 60_000 });
    await untilWaiters('w-deleted', 1);
    expect((await fetch(`${s.url}/api/bins/w-deleted`, { method: 'DELETE' })).status).toBeLessThan(300);
    const res = await pending;
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('bin_deleted');
  });

  it('validates its query', async () => {
    const long = await wait<{ error: { code: string } }>('w-valid', { timeout: 60_001 });
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('invalid_query');
    expect((await wait('w-valid', { after: 'x:1' })).status).toBe(400);
    expect((await wait('w-valid', { signature: 'maybe' })).status).toBe(400);
    expect((await wait('NOT A NAME', { timeout: 0 })).status).toBe(404);
  });
});

describe('wait: many waiters', () => {
  it('200 concurrent waiters are all answered by one batch', async () => {
    const f = fixture('pusher', 'batched');
    const filters: [Record<string, string>, number][] = [
      [{ name: 'member_added' }, 1],
      [{ name: 'channel_vacated' }, 4],
      [{ userId: 'user-42' }, 2],
      [{ channel: 'my-channel' }, 0],
    ];
    const pending = Array.from({ length: 200 }, (_, i) => {
      const [filter, index] = filters[i % filters.length];
      return wait('w-many', { ...filter, timeout: 30_000 }).then((res) => ({ res, index }));
    });
    await untilWaiters('w-many', 200);
    const id = await deliver('w-many', f);
    const results = await Promise.all(pending);
    for (const { res, index } of results) {
      expect(res.status).toBe(200);
      expect(res.body.event).toMatchObject({ requestId: id, index });
    }
    expect(waiters('w-many')).toBe(0);
  });
});
