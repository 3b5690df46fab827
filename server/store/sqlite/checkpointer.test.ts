import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptySettings, openStore } from '../index.js';
import { createCheckpointer } from './checkpointer.js';
import { sqliteDbOf } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writer(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)');
  const insert = db.prepare('INSERT INTO t (b) VALUES (?)');
  const prune = db.prepare('DELETE FROM t WHERE id <= ?');
  let n = 0;
  const written = () => n * 2000;
  const commit = db.transaction(() => {
    for (let i = 0; i < 50; i++) insert.run(Buffer.alloc(2000, i));
    n += 50;
    prune.run(n - 1000);
  });
  return { db, commit, written };
}

const walBytes = (path: string): number => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);

describe('checkpointer', () => {
  it('keeps the WAL of a writer that never pauses bounded, and lets go of the file on close', async () => {
    const path = join(dir, 'busy.db');
    const { db, commit, written } = writer(path);
    const maxWalPages = 500; // 2 MB of 4 KiB pages
    const ck = createCheckpointer(path, { sync: 'normal', intervalMs: 20, maxWalPages });
    let held = 0;
    let peak = 0;
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      const gate = ck.gate();
      if (gate) (held++, await gate);
      commit();
      ck.touched();
      peak = Math.max(peak, walBytes(path));
      await new Promise((r) => setImmediate(r));
    }
    // Without the paused pass the WAL holds everything written (more: index pages too), ~100 MB a second here.
    expect(held).toBeGreaterThan(0);
    expect(written()).toBeGreaterThan(20 * maxWalPages * 4096);
    expect(peak).toBeLessThan(written() / 4);
    await ck.close();
    db.close();
    // The last connection closed deletes the WAL: the worker's connection is gone.
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect((new Database(path, { readonly: true }).prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(1000);
  });

  it('starts its worker at the first commit, ends it when commits stop, and starts another when they resume', async () => {
    const path = join(dir, 'quiet.db');
    const { db, commit } = writer(path);
    const ck = createCheckpointer(path, { sync: 'normal', intervalMs: 10, retireMs: 150 });
    const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
    try {
      await settle(60);
      expect(ck.running).toBe(false); // nothing written: no thread
      commit();
      ck.touched();
      await settle(60);
      expect(ck.running).toBe(true);
      await settle(400);
      expect(ck.running).toBe(false); // retired
      for (let i = 0; i < 50; i++) commit();
      ck.touched();
      await settle(60);
      expect(ck.running).toBe(true);
      // The new worker checkpointed those frames: the writer's next commit starts the WAL over (without
      // that pass it would append to the file).
      await settle(60);
      const before = walBytes(path);
      commit();
      expect(walBytes(path)).toBe(before);
    } finally {
      await ck.close();
      db.close();
    }
    expect(ck.running).toBe(false);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it("runs the file store with the writer's own auto-checkpoint off", async () => {
    const path = join(dir, 'store.db');
    const store = await openStore({ db: path, sync: 'normal', defaultMaxRequests: 100, maxDbSize: null, now: Date.now,
      index: { version: 't', decode: () => ({ decoder: null, events: [] }) } });
    try {
      expect(sqliteDbOf(store).pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      await store.bins.create({ id: 'b', named: true, createdAt: 1, lastActivityAt: 1, requestCount: 0, maxRequests: null, ttlMs: null, settings: emptySettings() });
    } finally {
      await store.close();
    }
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
