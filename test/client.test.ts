// The typed client against a real server: bins, requests, detail, update, clear, delete, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { HookscopeApiError, hookscope, type HookscopeClient } from '../sdk/index.js';
import { KEY, SECRET, memberAdded, occupied, sendPusher } from './client-helpers.js';
import { testDb } from './helpers/test-db.js';

let server: HookscopeServer;
let hs: HookscopeClient;
beforeAll(async () => {
  server = await startHookscope({ port: 0, db: await testDb(), quiet: true });
  hs = hookscope(server.url + '/');
});
afterAll(() => server.close());

describe('hookscope client: bins', () => {
  it('creates a random bin with its URLs', async () => {
    const bin = await hs.createBin();
    expect(bin.id).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(bin.url).toBe(`${server.url}/h/${bin.id}`);
    expect(bin.viewerUrl).toBe(`${server.url}/b/${bin.id}`);
    expect(bin.cursor).toBe('0');
    expect(hs.baseUrl).toBe(server.url);
  });

  it('creates a named bin with credentials, and masks the secret in info()', async () => {
    const bin = await hs.createBin({ name: 'client-named', pusher: [{ key: KEY, secret: SECRET }], maxRequests: 50, ttl: '1h' });
    expect(bin.id).toBe('client-named');
    const info = await bin.info();
    expect(info).toMatchObject({ id: 'client-named', name: 'client-named', maxRequests: 50, ttl: 3_600_000 });
    expect(info.pusher).toEqual([{ key: KEY, secret: expect.stringMatching(/^\*+6789$/) }]);
    expect(JSON.stringify(info)).not.toContain(SECRET);
  });

  it('opens an existing bin by name, and lists bins', async () => {
    const created = await hs.createBin({ name: 'client-open' });
    const opened = await hs.bin('client-open');
    expect(opened.id).toBe(created.id);
    expect(opened.url).toBe(created.url);
    const ids = (await hs.bins()).map((b) => b.id);
    expect(ids).toContain('client-open');
  });

  it('maps API errors to HookscopeApiError with status and code', async () => {
    const missing = await hs.bin('no-such-bin').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HookscopeApiError);
    expect(missing).toMatchObject({ status: 404, code: 'bin_not_found' });
    await hs.createBin({ name: 'client-dup' });
    await expect(hs.createBin({ name: 'client-dup' })).rejects.toMatchObject({ status: 409, code: 'bin_exists' });
    const bad = await hs.createBin({ name: 'Not Valid!' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(HookscopeApiError);
    expect((bad as HookscopeApiError).status).toBe(400);
    expect((bad as HookscopeApiError).message).toMatch(/name/);
  });
});

describe('hookscope client: requests', () => {
  it('lists requests newest first with filters, and reads one in full with its verdict', async () => {
    const bin = await hs.createBin({ pusher: [{ key: KEY, secret: SECRET }] });
    const first = await sendPusher(bin.url, [occupied('presence-a')]);
    const second = await sendPusher(bin.url, [memberAdded('presence-a', '42')]);
    await fetch(bin.url + '/plain?x=1', { method: 'PUT', body: 'hello' });

    const all = await bin.requests();
    expect(all.map((r) => r.method)).toEqual(['PUT', 'POST', 'POST']);
    expect(all.slice(1).map((r) => r.id)).toEqual([second, first]);
    expect((await bin.requests({ method: 'POST' })).map((r) => r.id)).toEqual([second, first]);
    expect((await bin.requests({ limit: 1 })).map((r) => r.method)).toEqual(['PUT']);
    expect((await bin.requests({ after: first, method: 'POST' })).map((r) => r.id)).toEqual([second]);

    const detail = await bin.request(second);
    expect(detail.signature.status).toBe('valid');
    expect(JSON.parse(detail.body)).toMatchObject({ events: [{ name: 'member_added', user_id: '42' }] });
    expect(detail.rawHeaders).toContain('X-Pusher-Signature');
    await expect(bin.request(999_999)).rejects.toMatchObject({ status: 404, code: 'request_not_found' });
  });

  it('updates a bin: a new response shows on capture, a new secret re-verifies', async () => {
    const bin = await hs.createBin({ pusher: [{ key: KEY, secret: 'wrong-secret-000' }] });
    const id = await sendPusher(bin.url, [occupied('c1')]);
    expect((await bin.request(id)).signature.status).toBe('invalid');

    const info = await bin.update({ pusher: [{ key: KEY, secret: SECRET }], response: { status: 202, body: 'queued' } });
    expect(info.pusher[0].secret).toMatch(/6789$/);
    expect((await bin.request(id)).signature.status).toBe('valid');
    const res = await fetch(bin.url, { method: 'POST', body: '{}' });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('queued');
    await expect(bin.update({ maxRequests: 0 })).rejects.toMatchObject({ status: 400 });
  });

  it('clears and deletes', async () => {
    const bin = await hs.createBin();
    await sendPusher(bin.url, [occupied('c1')]);
    await sendPusher(bin.url, [occupied('c2')]);
    expect(await bin.requests()).toHaveLength(2);
    await bin.clear();
    expect(await bin.requests()).toEqual([]);
    expect(bin.cursor).toBe('0');
    await bin.delete();
    await expect(bin.info()).rejects.toMatchObject({ status: 404, code: 'bin_not_found' });
    await expect(bin.delete()).rejects.toBeInstanceOf(HookscopeApiError);
  });
});

describe('hookscope client: --token', () => {
  it('sends the token as a Bearer header; without it the API answers 401 unauthorized', async () => {
    const guarded = await startHookscope({ port: 0, db: await testDb(), quiet: true, token: 'let-me-in-0123456789' });
    try {
      await expect(hookscope(guarded.url).createBin()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
      const bin = await hookscope(guarded.url, { token: 'let-me-in-0123456789' }).createBin();
      await sendPusher(bin.url, [occupied('c1')]);
      expect((await bin.waitForEvent({ name: 'channel_occupied' }, { timeout: 1000 })).channel).toBe('c1');
    } finally {
      await guarded.close();
    }
  });
});
