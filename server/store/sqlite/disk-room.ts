// Room for the database when the disk fills up (SQLite engine). A WAL database on a full disk can lock
// itself up: the checkpoint that would empty the WAL must first grow the database file, and deleting
// rows must first append to the WAL, both of which need the space that is gone (measured on a full
// tmpfs: checkpoint PASSIVE/RESTART/TRUNCATE, DELETE and INSERT all fail with SQLITE_FULL, for good).
// So, as CockroachDB does with its emergency ballast file:
// - while the disk is tight (free < `tightBytes`), a reserve file PATH-reserve holds `reserveBytes`
//   back, and the WAL is checkpointed every reserveBytes/2 so a checkpoint never needs more than it;
// - after a storage fault (makeRoom): the reserve is released, the WAL checkpointed and truncated, then
//   the oldest requests removed (as --max-db-size does) down to 90 % of 95 % of what the database held,
//   and that size is kept as a cap: the file then reuses its freed pages instead of growing. The cap is
//   lifted once the disk has room again (a limit of the database itself, max_page_count, keeps it).
import { existsSync, rmSync, statfsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BinRecord } from '../bin-record.js';
import type { Db } from './open-db.js';
import { createSizeCap, dbUsedBytes } from './size-cap.js';

export interface FreeSpace {
  free: number;
  total: number;
}

export interface DiskRoomOptions {
  /** The database file (':memory:' has no disk: only the cap applies). */
  path: string;
  now: () => number;
  bin: (id: string) => BinRecord | undefined;
  totalRequests: () => number;
  onPruned: (pruned: Map<string, number>, removed: number) => void;
  /** statfs of the database's directory; tests replace it. */
  freeSpace?: () => FreeSpace | null;
  /** Least ms between two looks at the disk (default 250). */
  checkInterval?: number;
  /** Normal auto-checkpoint, in pages (open-db.ts sets 8192; 0 when checkpointer.ts runs them in a worker). */
  walPages?: number;
}

const PROBE_BYTES = 64 * 1024;

/** 1 % of the file system, between 1 MiB and 64 MiB. */
export const reserveFor = (total: number): number => Math.min(64 * 2 ** 20, Math.max(2 ** 20, Math.floor(total / 100)));
/** Tight below 4 reserves or 256 MiB, whichever is more. */
export const tightFor = (reserve: number): number => Math.max(4 * reserve, 256 * 2 ** 20);

export type DiskRoom = ReturnType<typeof createDiskRoom>;

export function createDiskRoom(db: Db, opts: DiskRoomOptions) {
  const file = opts.path !== ':memory:';
  const reservePath = `${opts.path}-reserve`;
  const freeSpace = opts.freeSpace ?? (file ? () => statfsFree(dirname(opts.path)) : () => null);
  const interval = opts.checkInterval ?? 250;
  const walPages = opts.walPages ?? 8192;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  let reserve = file && existsSync(reservePath); // left by a crash: ours
  let filling = false;
  let tight = false;
  let lastCheck = -Infinity;
  /** The cap learnt from a fault, in bytes in use; null when none. */
  let learned: number | null = null;
  /** Whether the disk itself was short when it was learnt (else a database limit: kept). */
  let learnedOnDisk = false;
  // Checked after every commit while a learnt cap holds: the disk has no slack for a second's growth.
  const cap = createSizeCap(db, { maxBytes: () => learned ?? Infinity, interval: 0, now: opts.now, bin: opts.bin, totalRequests: opts.totalRequests, onPruned: opts.onPruned });
  const probeInsert = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('room_probe', zeroblob(?))");
  const probeDelete = db.prepare("DELETE FROM meta WHERE key = 'room_probe'");

  function checkpoint(): void {
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Still full: the removal below may still fit in what the WAL has left.
    }
  }

  function release(): void {
    if (!reserve) return;
    rmSync(reservePath, { force: true });
    reserve = false;
  }

  function look(): void {
    const space = freeSpace();
    if (!space) return;
    const size = reserveFor(space.total);
    const nowTight = space.free < tightFor(size);
    if (nowTight !== tight) {
      tight = nowTight;
      db.pragma(`wal_autocheckpoint = ${tight ? Math.max(16, Math.floor(size / 2 / pageSize)) : walPages}`);
    }
    if (tight && !reserve && !filling && space.free > 2 * size) void fill(size);
    if (!tight && reserve) release();
    if (learned !== null && learnedOnDisk && space.free > 2 * tightFor(size)) learned = null;
  }

  /** Writes the reserve off the event loop, in 1 MiB steps; a failure leaves no partial file. */
  async function fill(size: number): Promise<void> {
    filling = true;
    const chunk = Buffer.alloc(2 ** 20, 'hookscope reserve ');
    try {
      const handle = await open(reservePath, 'w');
      try {
        for (let written = 0; written < size; written += chunk.length) await handle.write(chunk, 0, Math.min(chunk.length, size - written));
        await handle.sync();
      } finally {
        await handle.close();
      }
      reserve = true;
    } catch {
      rmSync(reservePath, { force: true });
    } finally {
      filling = false;
    }
  }

  return {
    /** After every commit: the learnt cap, and at most every `checkInterval` ms a look at the disk. */
    afterCommit(): void {
      if (learned !== null) cap.afterCommit();
      const t = opts.now();
      if (t - lastCheck < interval) return;
      lastCheck = t;
      look();
    },
    /**
     * One pass after a storage fault; true when the database took a write again. Requests are removed on
     * the first pass of an episode only, and only when the database has no room of its own left (not
     * already under a learnt cap): when something else filled the disk, removing more every second, or
     * at every failed retry of a large capture, would empty the database without making room.
     */
    makeRoom(attempt = 0): boolean {
      release();
      checkpoint();
      const used = dbUsedBytes(db);
      const prune = attempt === 0 && (learned === null || used >= learned);
      if (prune) {
        const space = freeSpace();
        learnedOnDisk = space !== null && space.free < tightFor(reserveFor(space.total));
        learned = Math.floor(used * 0.95);
      }
      try {
        if (prune) cap.enforce();
        // Healthy again means a capture fits: commit 64 KiB and take it back (a tiny write such as a
        // pragma would pass while nothing of a request's size can be stored).
        probeInsert.run(PROBE_BYTES);
        probeDelete.run();
      } catch {
        return false;
      }
      checkpoint();
      return true;
    },
    state: () => ({ tight, reserve, learnedCap: learned }),
    close(): void {
      release();
    },
  };
}

function statfsFree(dir: string): FreeSpace | null {
  try {
    const s = statfsSync(dir);
    return { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
  } catch {
    return null;
  }
}

