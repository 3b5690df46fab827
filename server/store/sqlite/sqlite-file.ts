// Opening the SQLite file hookscope runs on, in the order that gives the clearest refusal: the directory,
// the one-process lock (db-lock.ts), the connection and its pragmas (open-db.ts), one write (a read-only
// file opens without a word otherwise), then the caller's first reads (migrations, bins). Anything that
// fails on the way becomes one line naming the path, the problem and what to do (open-diagnosis.ts).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SyncMode } from '../../config.js';
import { type DbLock, lockDb } from './db-lock.js';
import { diagnoseOpen, probeWrite, refuseDamaged } from './open-diagnosis.js';
import { type Db, openDb } from './open-db.js';

export interface OpenedFile<T> {
  db: Db;
  /** Null for :memory:. */
  lock: DbLock | null;
  loaded: T;
}

export function openDatabaseFile<T>(path: string, opts: { sync: SyncMode; pid: number | null }, load: (db: Db) => T): OpenedFile<T> {
  if (path === ':memory:') {
    const db = openDb(path, opts.sync);
    return { db, lock: null, loaded: load(db) };
  }
  let lock: DbLock | null = null;
  let db: Db | null = null;
  try {
    mkdirSync(dirname(path), { recursive: true });
    lock = lockDb(path, opts.pid);
    db = openDb(path, opts.sync);
    refuseDamaged(db, path);
    probeWrite(db);
    return { db, lock, loaded: load(db) };
  } catch (err) {
    try {
      db?.close();
    } catch {
      // closing a connection that failed half-way: the open error is the one to report
    }
    lock?.release();
    throw diagnoseOpen(path, err);
  }
}

/**
 * Before the last connection closes: the WAL copied into the database file and truncated, so a stopped
 * hookscope leaves one self-contained file (SQLite would checkpoint on close too, without saying if it
 * failed). A full disk may refuse it: the WAL stays and is replayed at the next start.
 */
export function checkpointOnClose(db: Db): void {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // the data is safe in the WAL either way
  }
}
