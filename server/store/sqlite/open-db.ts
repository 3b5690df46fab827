// One SQLite connection, WAL, statements prepared once (better-sqlite3 docs).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SyncMode } from '../../config.js';
import { migrate } from './migrations.js';
import { refuseForeign } from './open-diagnosis.js';

export type Db = Database.Database;

export function openDb(path: string, sync: SyncMode = 'normal'): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL: a committed transaction survives a process crash (kill -9), not a power cut.
  // FULL adds an fsync per commit and survives power loss (https://sqlite.org/pragma.html#pragma_synchronous).
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  // 8 MiB of page cache: capture touches only the tail of the tables (and, over 1,000 bins, one
  // requests_bin leaf per bin: 4 MiB); older pages come from the OS page cache (which is not this
  // process's memory). 64 MiB: no difference within noise on event pages of 100,000 requests, and 48 MiB
  // more RSS with a million stored. 16 -> 8 MiB, same run: pages on that million no slower (p50 1.6-3.4
  // -> 1.4-2.8 ms), captures the same within noise (1,000 bins 10.0-11.8k vs 10.4-12.4k req/s, Pusher
  // batches 7.9-8.2k vs 7.8-8.3k), RSS at rest after the pages 157 -> 145 MB.
  db.pragma('cache_size = -8192');
  // Auto-checkpoint at 8192 pages (32 MiB) instead of 1000: hot pages (index roots, the bin row) are
  // copied to the database file once per checkpoint, not once per 4 MiB. Measured: commit cost per 1 KiB
  // request 25.6 -> 19.3 us, ingest +5-8%. A file store then turns it off and checkpoints in a worker
  // thread, with a bound on the WAL (checkpointer.ts). journal_size_limit truncates the WAL file back
  // when it starts over.
  db.pragma('wal_autocheckpoint = 8192');
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  if (path !== ':memory:') refuseForeign(db, path);
  migrate(db);
  return db;
}
