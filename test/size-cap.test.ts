// --max-db-size: the oldest requests go first, across bins, when the pages in use pass the cap;
// --max-bins refuses new bins past the limit.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import type { RequestSummary } from '../core/wire.js';
import type { NewRequest } from '../server/store/index.js';
import { dbUsedBytes } from '../server/store/sqlite/size-cap.js';
import { openSqliteStore, sqliteDbOf } from '../server/store/sqlite/sqlite-store.js';
import { connect, wsUrl } from './live-helpers.js';

let s: HookscopeServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

interface Listed {
  requests: { id: number }[];
}
const ids = async (url: string, bin: string): Promise<number[]> =>
  ((await (await fetch(`${url}/api/bins/${bin}/requests?limit=1000`)).json()) as Listed).requests.map((r) => r.id);

describe('database size cap', () => {
  it('prunes the oldest requests across bins and keeps the pages in use under the cap', async () => {
    // The clock moves 2 s per reading, so every commit is allowed to check the cap.
    let t = 1_700_000_000_000;
    const cap = 400 * 1024;
    s = await startHookscope({ port: 0, db: ':memory:', quiet: true, maxDbSize: cap, maxRequests: 100_000, now: () => (t += 2000) });
    const body = JSON.stringify({ events: [{ name: 'client_event', channel: 'private-a', event: 'x', data: 'y'.repeat(4000) }] });
    const watcher = await connect(wsUrl(s.url, '/api/bins/cap-a/live'), {}).catch(() => undefined);
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${s.url}/h/${i % 2 === 0 ? 'cap-a' : 'cap-b'}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
    }
    watcher?.close();
    const a = await ids(s.url, 'cap-a');
    const b = await ids(s.url, 'cap-b');
    expect(a.length + b.length).toBeLessThan(300);
    expect(a.length).toBeGreaterThan(10);
    expect(b.length).toBeGreaterThan(10);
    // Oldest first, across bins: what is left is one contiguous run of the newest ids.
    const all = [...a, ...b].sort((x, y) => x - y);
    expect(all[all.length - 1] - all[0] + 1).toBe(all.length);
    expect(all[all.length - 1]).toBe(300);
    expect(dbUsedBytes(sqliteDbOf(s.context.store))).toBeLessThanOrEqual(cap + 64 * 1024);
    // Bin counts stay true (list and mirror agree).
    expect(s.context.store.bins.get('cap-a')?.requestCount).toBe(a.length);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(Number(/^hookscope_size_cap_pruned_total (\d+)$/m.exec(metrics)?.[1])).toBe(300 - all.length);
    // Events of pruned requests are gone from the index too.
    const events = (await (await fetch(`${s.url}/api/bins/cap-a/events?limit=1000`)).json()) as { events: { requestId: number }[] };
    expect(events.events.map((e) => e.requestId)).toEqual([...a]);
  });

  it('does nothing without a cap', async () => {
    s = await startHookscope({ port: 0, db: ':memory:', quiet: true, maxRequests: 100_000 });
    for (let i = 0; i < 50; i++) await fetch(`${s.url}/h/nocap`, { method: 'POST', body: 'z'.repeat(8000) });
    expect(await ids(s.url, 'nocap')).toHaveLength(50);
  });
});

describe('max bins', () => {
  it('refuses the bin past --max-bins, by API (507) and by auto-create (404)', async () => {
    s = await startHookscope({ port: 0, db: ':memory:', quiet: true, maxBins: 2 });
    const create = (name: string) =>
      fetch(`${s!.url}/api/bins`, { method: 'POST', body: JSON.stringify({ name }), headers: { 'content-type': 'application/json' } });
    expect((await create('one')).status).toBe(201);
    expect((await create('two')).status).toBe(201);
    const third = await create('three');
    expect(third.status).toBe(507);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('too_many_bins');
    expect((await fetch(`${s.url}/h/auto-three`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${s.url}/h/one`, { method: 'POST' })).status).toBe(200);
  });
});

describe('per-bin request cap (write queue pruning)', () => {
  async function setup() {
    const dir = mkdtempSync(join(tmpdir(), 'hookscope-cap-'));
    const store = openSqliteStore({
      db: join(dir, 'cap.db'), sync: 'normal', defaultMaxRequests: 1000, maxDbSize: null, now: Date.now,
      index: { version: 'test', decode: () => ({ decoder: null, events: [] }) },
    });
    const { db, bins } = store;
    const bin = await bins.create({ id: 'capped', named: true, createdAt: 0, lastActivityAt: 0, requestCount: 0, maxRequests: 10, ttlMs: null,
      settings: { pusher: [], secret: null, response: null, forward: null } });
    // The writer's callback as a promise, resolved after COMMIT.
    const queue = {
      enqueue: (request: NewRequest) =>
        new Promise<RequestSummary>((resolve, reject) => store.writer.write(request, (err, summary) => (err ? reject(err) : resolve(summary!)))),
      flush: () => store.writer.flush(),
    };
    const row = { binId: 'capped', receivedAt: 0, method: 'POST', path: '/h/capped', query: '', rawHeaders: [], contentType: null, size: 1,
      truncated: false, remoteAddress: null, body: Buffer.from('x'), signature: { scheme: null, status: 'unsigned' as const }, decoder: null,
      events: [{ name: 'e' }], response: null };
    const ids = () => db.prepare("SELECT id FROM requests WHERE bin_id = 'capped' ORDER BY id").pluck().all() as number[];
    /** Closes the store, then reads the bin's stored count from the file (the bins column is the cache's copy at rest). */
    const closeAndCount = async (): Promise<number> => {
      await store.close();
      const file = new Database(join(dir, 'cap.db'), { readonly: true });
      try {
        return file.prepare("SELECT request_count FROM bins WHERE id = 'capped'").pluck().get() as number;
      } finally {
        file.close();
        rmSync(dir, { recursive: true, force: true });
      }
    };
    return { db, bins, bin, queue, row, ids, closeAndCount, store };
  }

  it('keeps exactly the newest maxRequests over commits of any size, with an exact count, in the file too once closed', async () => {
    const { bin, queue, row, ids, closeAndCount, store } = await setup();
    let last = 0;
    let seed = 7;
    for (let round = 0; round < 200; round++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const n = 1 + (seed % 25);
      const done = Array.from({ length: n }, () => queue.enqueue(row));
      void queue.flush();
      last = (await Promise.all(done)).at(-1)!.id;
      expect(ids()).toEqual(Array.from({ length: 10 }, (_, i) => last - 9 + i));
      expect(bin.requestCount).toBe(10);
    }
    // No pruned request stays a candidate of the events index.
    expect(store.index.candidates('capped', {}, { order: 'asc' }, 1e9)).toEqual(ids());
    expect(await closeAndCount()).toBe(10);
  });

  it('keeps the count equal to the rows across clears and refused writes, and stores it at close', async () => {
    const { bins, bin, queue, row, ids, closeAndCount } = await setup();
    for (let round = 0; round < 20; round++) {
      const done = Array.from({ length: 1 + (round % 7) }, () => queue.enqueue(row));
      void queue.flush();
      await Promise.all(done);
      if (round % 3 === 0) await bins.clear('capped');
      if (round % 7 === 0) {
        // A bin deleted between capture and commit: nothing stored, the caller hears why.
        const refused = queue.enqueue({ ...row, binId: 'gone' });
        void queue.flush();
        await expect(refused).rejects.toThrow(/deleted while the request was being stored/);
      }
      expect(bin.requestCount).toBe(ids().length);
    }
    const rows = ids().length;
    expect(await closeAndCount()).toBe(rows);
  });
});
