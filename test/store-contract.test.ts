// The store contract (server/store/contract.ts), one suite for both engines: what every method
// promises, checked on SQLite (:memory:) and on a real PostgreSQL database (test/setup/postgres.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignatureVerdict } from '../core/wire.js';
import { type BinRecord, BinExistsError, BinGoneError, emptySettings, type IndexDecoder, type NewRequest, openStore, type Store, type StoreChange } from '../server/store/index.js';
import { type Engine, testDb } from './helpers/test-db.js';

const index: IndexDecoder = {
  version: 'test-1',
  decode: ({ body }) => {
    const text = Buffer.from(body).toString('utf8');
    const names = text.startsWith('events:') ? text.slice(7).split(',') : [];
    return { decoder: names.length ? 'test' : null, events: names.map((name, i) => ({ name, channel: `ch-${i % 2}`, userId: i === 1 ? 'u1' : undefined })) };
  },
};

const unsigned: SignatureVerdict = { scheme: null, status: 'unsigned' };

function bin(id: string, over: Partial<BinRecord> = {}): BinRecord {
  return { id, named: true, createdAt: 1, lastActivityAt: 1, requestCount: 0, maxRequests: null, ttlMs: null, settings: emptySettings(), ...over };
}

function request(binId: string, body: string | Uint8Array, over: Partial<NewRequest> = {}): NewRequest {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const decoded = index.decode({ body: bytes, rawHeaders: [], contentType: null });
  return {
    binId, receivedAt: 10, method: 'POST', path: `/h/${binId}`, query: '', rawHeaders: ['Content-Type', 'text/plain', 'X-Dup', 'a', 'x-dup', 'b'],
    contentType: 'text/plain', size: bytes.byteLength, truncated: false, remoteAddress: '127.0.0.1', body: bytes, signature: unsigned,
    decoder: decoded.decoder, events: decoded.events, response: { status: 200 }, ...over,
  };
}

const stores: Store[] = [];
/** Temporary directories of SQLite files, removed once their stores are closed. */
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(engine: Engine, maxRequests = 1000, maxDbSize: number | null = null): Promise<Store> {
  const store = await openStore({ db: await testDb(engine), sync: 'normal', defaultMaxRequests: maxRequests, maxDbSize, now: Date.now, index });
  stores.push(store);
  return store;
}

const write = (store: Store, r: NewRequest) =>
  new Promise<number>((resolve, reject) => store.writer.write(r, (err, summary) => (err ? reject(err) : resolve(summary!.id))));

describe.each<Engine>(['sqlite', 'postgres'])('store contract (%s)', (engine) => {
  it('creates, ensures, lists, saves, clears and removes bins, announcing each change after commit', async () => {
    const store = await open(engine);
    const changes: StoreChange[] = [];
    store.subscribe((c) => changes.push(c));
    expect(store.engine).toBe(engine);
    expect(store.isLeader()).toBe(true);
    await store.bins.create(bin('a'));
    await expect(store.bins.create(bin('a'))).rejects.toBeInstanceOf(BinExistsError);
    const again = await store.bins.ensure(bin('a', { maxRequests: 99 }));
    expect(again.maxRequests).toBeNull(); // the stored one wins
    await store.bins.ensure(bin('b'));
    expect(store.bins.list().map((b) => b.id).sort()).toEqual(['a', 'b']);
    expect(store.bins.count()).toBe(2);
    await write(store, request('a', 'x'));
    const saved = await store.bins.save({ ...bin('a'), maxRequests: 5, settings: { ...emptySettings(), secret: 's' } });
    expect(saved).toMatchObject({ maxRequests: 5, requestCount: 1 });
    expect(store.bins.get('a')?.settings.secret).toBe('s');
    expect((await store.bins.refresh('a'))?.maxRequests).toBe(5);
    expect(await store.bins.refresh('nope')).toBeUndefined();
    await store.bins.clear('a');
    expect(store.bins.get('a')?.requestCount).toBe(0);
    expect(await store.requests.head('a')).toBe(0);
    expect(await store.bins.remove('a')).toBe(true);
    expect(await store.bins.remove('a')).toBe(false);
    expect(store.bins.get('a')).toBeUndefined();
    expect(changes.map((c) => c.type)).toEqual(['requests', 'bin', 'cleared', 'bin_deleted']);
  });

  it('stores requests byte-exact; ids rise; done runs after the requests change; a removed bin gets BinGoneError', async () => {
    const store = await open(engine);
    await store.bins.create(bin('a'));
    const order: string[] = [];
    store.subscribe((c) => c.type === 'requests' && order.push(`change ${c.requests.map((r) => r.id).join(',')} ${c.local}`));
    const body = Uint8Array.from([0, 255, 1, 0xef, 0xbb, 0xbf, 10]);
    const ids = await Promise.all([write(store, request('a', body)), write(store, request('a', 'two'))]);
    order.push('done');
    expect(ids[1]).toBeGreaterThan(ids[0]);
    expect(order).toEqual([`change ${ids.join(',')} true`, 'done']);
    const got = await store.requests.get('a', ids[0]);
    expect(Buffer.from(got!.body)).toEqual(Buffer.from(body));
    expect(got!.rawHeaders).toEqual(['Content-Type', 'text/plain', 'X-Dup', 'a', 'x-dup', 'b']);
    expect(got!.summary).toMatchObject({ id: ids[0], bin: 'a', size: 7, truncated: false, response: { status: 200 }, signature: unsigned });
    expect(await store.requests.get('b', ids[0])).toBeUndefined();
    await expect(write(store, request('gone', 'x'))).rejects.toBeInstanceOf(BinGoneError);
    expect(await store.requests.head('a')).toBe(ids[1]);
    expect(store.bins.get('a')?.requestCount).toBe(2);
  });

  it('keeps the per-bin cap in the commit, exact counts, and announces the prune', async () => {
    const store = await open(engine, 3);
    await store.bins.create(bin('a'));
    await store.bins.create(bin('b', { maxRequests: 10 }));
    const pruned: number[] = [];
    store.subscribe((c) => c.type === 'pruned' && c.binId === 'a' && pruned.push(c.upTo));
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await write(store, request('a', `r${i}`)));
    for (let i = 0; i < 5; i++) await write(store, request('b', `r${i}`));
    const left = await store.requests.summaries('a', { order: 'asc', limit: 10 });
    expect(left.map((r) => r.id)).toEqual(ids.slice(2));
    expect(pruned.at(-1)).toBe(ids[1]);
    expect(store.bins.get('a')?.requestCount).toBe(3);
    expect(store.bins.get('b')?.requestCount).toBe(5);
    expect((await store.bins.refresh('a'))?.requestCount).toBe(3);
  });

  it('prunes each bin of one group commit to its own cap, and again after a clear', async () => {
    const store = await open(engine, 3);
    await store.bins.create(bin('a'));
    await store.bins.create(bin('b'));
    const ids = async (id: string) => (await store.requests.summaries(id, { order: 'asc', limit: 10 })).map((r) => r.id);
    // Written in one turn: one batch in which a prunes and b, older ids first, does not.
    const first = await Promise.all([write(store, request('b', 'b0')), write(store, request('b', 'b1')), ...Array.from({ length: 5 }, (_, i) => write(store, request('a', `a${i}`)))]);
    expect(await ids('b')).toEqual(first.slice(0, 2));
    expect(await ids('a')).toEqual(first.slice(4));
    const more = await Promise.all([write(store, request('b', 'b2')), write(store, request('a', 'a5')), write(store, request('b', 'b3'))]);
    expect(await ids('b')).toEqual([first[1], more[0], more[2]]);
    expect(await ids('a')).toEqual([first[5], first[6], more[1]]);
    await store.bins.clear('a');
    const after = [];
    for (let i = 0; i < 5; i++) after.push(await write(store, request('a', `c${i}`)));
    expect(await ids('a')).toEqual(after.slice(2));
    expect((await store.bins.refresh('a'))?.requestCount).toBe(3);
    expect((await store.bins.refresh('b'))?.requestCount).toBe(3);
  });

  it('pages and filters requests: after/before, order, method, signature, free text over path, query and body', async () => {
    const store = await open(engine);
    await store.bins.create(bin('a'));
    const ids: number[] = [];
    ids.push(await write(store, request('a', 'alpha body')));
    ids.push(await write(store, request('a', 'beta', { method: 'PUT', query: 'k=needle' })));
    ids.push(await write(store, request('a', Buffer.from([0, 1, 2, 110, 101, 101, 100, 108, 101]), { signature: { scheme: 'pusher', status: 'valid' } as SignatureVerdict })));
    const q = (extra: object) => store.requests.summaries('a', { order: 'asc', limit: 10, ...extra }).then((rs) => rs.map((r) => r.id));
    expect(await q({})).toEqual(ids);
    expect(await store.requests.summaries('a', { order: 'desc', limit: 2 }).then((rs) => rs.map((r) => r.id))).toEqual([ids[2], ids[1]]);
    expect(await q({ after: ids[0] })).toEqual(ids.slice(1));
    expect(await q({ before: ids[2] })).toEqual(ids.slice(0, 2));
    expect(await q({ method: 'PUT' })).toEqual([ids[1]]);
    expect(await q({ signature: 'valid' })).toEqual([ids[2]]);
    expect(await q({ q: 'needle' })).toEqual([ids[1], ids[2]]); // query string, and bytes of a binary body
    expect(await q({ q: 'alpha' })).toEqual([ids[0]]);
    const whole = await store.requests.query('a', { order: 'asc', limit: 1, after: ids[1] });
    expect(Buffer.from(whole[0].body)).toEqual(Buffer.from([0, 1, 2, 110, 101, 101, 100, 108, 101]));
  });

  it('finds requests by their events (a superset the caller confirms), within bounds', async () => {
    const store = await open(engine);
    await store.bins.create(bin('a'));
    await store.bins.create(bin('b'));
    const x = await write(store, request('a', 'events:member_added,channel_vacated'));
    await write(store, request('a', 'plain'));
    const y = await write(store, request('a', 'events:member_added'));
    await write(store, request('b', 'events:member_added'));
    const by = (events: object, extra: object = {}) =>
      store.requests.queryByEvents('a', { order: 'asc', limit: 10, events, ...extra }).then((rs) => rs.map((r) => r.summary.id));
    expect(await by({ name: 'member_added' })).toEqual([x, y]);
    expect(await by({ name: 'channel_vacated' })).toEqual([x]);
    expect(await by({ userId: 'u1' })).toEqual([x]);
    expect(await by({ name: 'member_added', channel: 'ch-0' })).toEqual([x, y]);
    expect(await by({ name: 'member_added' }, { after: x })).toEqual([y]);
    expect(await by({ name: 'member_added' }, { order: 'desc', limit: 1 })).toEqual([y]);
    expect(await by({ name: 'nothing' })).toEqual([]);
    // A NUL inside a decoded value (JSON allows \u0000) is indexed and found like any other byte.
    const nul = await write(store, request('a', 'events:odd\u0000name'));
    expect(await by({ name: 'odd\u0000name' })).toEqual([nul]);
    expect(await by({ name: 'odd\u0000name', channel: 'ch-0' })).toEqual([nul]);
    expect((await store.requests.summaries('a', { order: 'asc', limit: 10, q: 'odd\u0000' })).map((r) => r.id)).toEqual([nul]);
    // Summaries only, exact for one field.
    const summaries = await store.requests.summariesByEvents('a', { order: 'desc', limit: 10, events: { name: 'member_added' } });
    expect(summaries.map((r) => r.id)).toEqual([y, x]);
    expect(await store.requests.summariesByEvents('a', { order: 'asc', limit: 10, events: { channel: 'ch-1' } }).then((r) => r.map((s) => s.id))).toEqual([x]);
    const stored = await store.requests.get('a', x);
    expect(stored?.summary).toMatchObject({ eventCount: 2, eventNames: ['member_added', 'channel_vacated'], decoder: 'test' });
  });

  it('removes one request (count, deleted change), re-verifies on save, records deliveries only while the request exists', async () => {
    const store = await open(engine);
    await store.bins.create(bin('a'));
    const changes: StoreChange[] = [];
    store.subscribe((c) => changes.push(c));
    const first = await write(store, request('a', 'one'));
    const second = await write(store, request('a', 'two'));
    await store.deliveries.record('a', first, { url: 'http://t/', status: 202, durationMs: 3, error: null, at: 5 });
    expect(await store.deliveries.get('a', first)).toEqual({ url: 'http://t/', status: 202, durationMs: 3, error: null, at: 5 });
    await store.deliveries.record('a', 999_999, { url: 'http://t/', status: 200, durationMs: 1, error: null, at: 5 });
    expect(await store.deliveries.get('a', 999_999)).toBeNull();
    expect(await store.requests.remove('a', first)).toBe(true);
    expect(await store.requests.remove('a', first)).toBe(false);
    expect(await store.deliveries.get('a', first)).toBeNull();
    expect(changes.filter((c) => c.type === 'deleted')).toEqual([{ type: 'deleted', binId: 'a', id: first }]);
    expect(store.bins.get('a')?.requestCount).toBe(1);
    const valid = { scheme: 'pusher', status: 'valid' } as SignatureVerdict;
    await store.bins.save({ ...store.bins.get('a')!, settings: { ...emptySettings(), secret: 'k' } }, () => valid);
    expect((await store.requests.get('a', second))?.summary.signature).toEqual(valid);
    expect(await store.requests.summaries('a', { order: 'asc', limit: 5, signature: 'valid' }).then((r) => r.map((s) => s.id))).toEqual([second]);
  });

  it('sweeps bins idle past their ttl by the stored last activity; counts bytes in use', async () => {
    const store = await open(engine);
    await store.bins.create(bin('old', { lastActivityAt: 1000 }));
    await store.bins.create(bin('fresh', { lastActivityAt: 1000, ttlMs: 100_000 }));
    await store.bins.create(bin('busy', { lastActivityAt: 1000 }));
    const before = await store.usedBytes();
    await write(store, request('busy', 'x'.repeat(5000), { receivedAt: 50_000 }));
    expect(await store.usedBytes()).toBeGreaterThan(before);
    const gone: string[] = [];
    store.subscribe((c) => c.type === 'bin_deleted' && gone.push(c.binId));
    expect(await store.bins.sweepIdle(60_000, 30_000)).toEqual(['old']);
    expect(gone).toEqual(['old']);
    expect(store.bins.list().map((b) => b.id).sort()).toEqual(['busy', 'fresh']);
  });

  it('--max-db-size removes the oldest requests across bins once the data passes the cap, and announces it', async () => {
    const cap = 400_000;
    const store = await open(engine, 100_000, cap);
    await store.bins.create(bin('a'));
    await store.bins.create(bin('b'));
    const pruned = new Map<string, number>();
    store.subscribe((c) => c.type === 'pruned' && pruned.set(c.binId, c.upTo));
    const first = await write(store, request('a', 'x'.repeat(8000)));
    for (let i = 0; i < 99; i++) await write(store, request(i % 2 ? 'a' : 'b', 'x'.repeat(8000)));
    // Checked at most once a second, after commits (SQLite) or by the leader's timer (PostgreSQL).
    for (let i = 0; i < 100 && (await store.usedBytes()) > cap; i++) {
      await write(store, request('a', 'small'));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await store.usedBytes()).toBeLessThanOrEqual(cap);
    expect(await store.requests.get('a', first)).toBeUndefined();
    expect(pruned.get('a')).toBeGreaterThanOrEqual(first);
    const left = (await store.requests.summaries('a', { order: 'asc', limit: 1000 })).length;
    expect(store.bins.get('a')?.requestCount).toBe(left);
  }, 20_000);

  it('rebuilds the events index from the raw bodies when the decoder version changes', async () => {
    const dir = engine === 'sqlite' ? mkdtempSync(join(tmpdir(), 'hookscope-contract-')) : null;
    if (dir) dirs.push(dir);
    const db = dir ? join(dir, 'x.db') : await testDb(engine);
    const blind: IndexDecoder = { version: 'blind-1', decode: () => ({ decoder: null, events: [] }) };
    const options = { db, sync: 'normal' as const, defaultMaxRequests: 1000, maxDbSize: null, now: Date.now };
    const first = await openStore({ ...options, index: blind });
    await first.bins.create(bin('a'));
    const id = await write(first, { ...request('a', 'events:member_added'), decoder: null, events: [] });
    expect(await first.requests.queryByEvents('a', { order: 'asc', limit: 5, events: { name: 'member_added' } })).toEqual([]);
    await first.close();
    const second = await openStore({ ...options, index });
    stores.push(second);
    const found = await second.requests.queryByEvents('a', { order: 'asc', limit: 5, events: { name: 'member_added' } });
    expect(found.map((r) => r.summary.id)).toEqual([id]);
    expect(found[0].summary).toMatchObject({ decoder: 'test', eventCount: 1, eventNames: ['member_added'] });
  });
});
