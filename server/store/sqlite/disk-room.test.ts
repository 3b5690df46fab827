import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiskRoom, type FreeSpace, reserveFor, tightFor } from './disk-room.js';
import { type Db, openDb } from './open-db.js';

const MiB = 2 ** 20;
let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  db = dir = undefined;
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('disk room', () => {
  it('sizes the reserve at 1 % of the disk within 1-64 MiB, tight below 4 reserves or 256 MiB', () => {
    expect(reserveFor(32 * MiB)).toBe(MiB);
    expect(reserveFor(1000 * MiB)).toBe(10 * MiB);
    expect(reserveFor(1e12)).toBe(64 * MiB);
    expect(tightFor(MiB)).toBe(256 * MiB);
    expect(tightFor(64 * MiB)).toBe(256 * MiB);
  });

  it('keeps a reserve and a short WAL while the disk is tight, and lets both go when it is not', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hookscope-room-'));
    const path = join(dir, 'r.db');
    db = openDb(path);
    let space: FreeSpace = { free: 100 * MiB, total: 1000 * MiB };
    let t = 0;
    const room = createDiskRoom(db, { path, now: () => (t += 1000), bin: () => undefined, totalRequests: () => 0, onPruned: () => {}, freeSpace: () => space });
    room.afterCommit();
    expect(room.state().tight).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe((10 * MiB) / 2 / 4096);
    await until(() => room.state().reserve);
    expect(statSync(`${path}-reserve`).size).toBe(10 * MiB);

    space = { free: 900 * MiB, total: 1000 * MiB };
    room.afterCommit();
    expect(room.state()).toMatchObject({ tight: false, reserve: false });
    expect(existsSync(`${path}-reserve`)).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(8192);
  });

  it('releases the reserve, learns a cap and probes for room in one pass', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hookscope-room-'));
    const path = join(dir, 'r.db');
    db = openDb(path);
    const space: FreeSpace = { free: 50 * MiB, total: 1000 * MiB };
    const room = createDiskRoom(db, { path, now: () => 0, bin: () => undefined, totalRequests: () => 0, onPruned: () => {}, freeSpace: () => space });
    room.afterCommit();
    await until(() => room.state().reserve);
    expect(room.makeRoom()).toBe(true);
    expect(existsSync(`${path}-reserve`)).toBe(false);
    expect(room.state().learnedCap).toBeGreaterThan(0);
    expect(db.prepare("SELECT count(*) FROM meta WHERE key = 'room_probe'").pluck().get()).toBe(0);
    room.close();
  });
});
