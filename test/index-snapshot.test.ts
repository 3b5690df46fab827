// The events index survives a clean shutdown as a snapshot and is rebuilt from the rows otherwise:
// either way the restarted index finds exactly what is stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DECODER_VERSION } from '../core/decode/index.js';
import type { NewRequest } from '../server/store/index.js';
import { openSqliteStore, type SqliteStore } from '../server/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (path: string, decoder = DECODER_VERSION): SqliteStore =>
  openSqliteStore({ db: path, sync: 'normal', defaultMaxRequests: 100_000, maxDbSize: null, now: Date.now,
    index: { version: decoder, decode: () => ({ decoder: null, events: [] }) } });

/** A crash: the connection gone without a clean close, and with the process the OS's file lock (db-lock.ts). */
const crash = (store: SqliteStore): void => {
  store.db.close();
  store.lock?.release();
};

const request = (i: number): NewRequest => ({
  binId: 'snap', receivedAt: i, method: 'POST', path: '/h/snap', query: '', rawHeaders: [], contentType: null, size: 1, truncated: false,
  remoteAddress: null, body: Buffer.from('x'), signature: { scheme: null, status: 'unsigned' }, decoder: 'pusher-batch', response: null,
  events: [
    { name: i % 3 === 0 ? 'member_added' : 'client_event', channel: `presence-${i % 7}`, userId: String(i % 50) },
    ...(i % 10 === 0 ? [{ name: 'cache_miss', channel: 'cache-x' }] : []),
  ],
});

async function fill(store: SqliteStore, n: number): Promise<void> {
  await store.bins.ensure({ id: 'snap', named: true, createdAt: 0, lastActivityAt: 0, requestCount: 0, maxRequests: null, ttlMs: null,
    settings: { pusher: [], secret: null, response: null, forward: null } });
  await Promise.all(Array.from({ length: n }, (_, i) => new Promise<void>((resolve, reject) =>
    store.writer.write(request(i), (err) => (err ? reject(err) : resolve())))));
}

const filters = [{}, { name: 'member_added' }, { name: 'client_event', channel: 'presence-3' }, { userId: '7' }, { name: 'cache_miss' }];
const answers = (s: SqliteStore) => filters.map((f) => s.index.candidates('snap', f, { order: 'asc' }, 1e9));

describe('events index snapshot', () => {
  it('a clean restart loads the snapshot and answers as before; the snapshot is gone once read', async () => {
    const path = join(dir, 'clean.db');
    let s = open(path);
    expect(s.indexFrom).toBe('rows');
    await fill(s, 3000);
    const before = answers(s);
    expect(before[1].length).toBe(1000);
    await s.close();
    s = open(path);
    expect(s.indexFrom).toBe('snapshot');
    expect(answers(s)).toEqual(before);
    expect(s.db.prepare('SELECT count(*) FROM index_snapshot').pluck().get()).toBe(0);
    // It keeps working after the load: appends go on, and the next clean restart snapshots again.
    await fill(s, 10);
    const after = answers(s);
    expect(after[0].length).toBe(3010);
    await s.close();
    s = open(path);
    expect(s.indexFrom).toBe('snapshot');
    expect(answers(s)).toEqual(after);
    await s.close();
  });

  it('is not trusted when the rows changed behind it, nor after a stop without a clean close, nor for another decoder', async () => {
    const path = join(dir, 'stale.db');
    let s = open(path);
    await fill(s, 500);
    await s.close();
    // A row removed behind the snapshot's back.
    s = open(path);
    crash(s); // consumed it without saving a new one
    s = open(path);
    expect(s.indexFrom).toBe('rows');
    await s.close();
    s = open(path);
    expect(s.indexFrom).toBe('snapshot');
    s.db.prepare('DELETE FROM requests WHERE id = 10').run();
    const expected = answers(s)[0].filter((id) => id !== 10);
    s.db.prepare('INSERT INTO index_snapshot (part, data) VALUES (0, x\'00\')').run();
    s.db.prepare("INSERT INTO meta (key, value) VALUES ('index_snapshot', '{}')").run();
    crash(s);
    s = open(path);
    expect(s.indexFrom).toBe('rows');
    expect(answers(s)[0]).toEqual(expected);
    await s.close();
    s = open(path, 'another-decoder');
    expect(s.indexFrom).toBe('rows');
    crash(s);
  });
});
