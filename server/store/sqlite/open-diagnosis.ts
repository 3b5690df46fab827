// Why a database file cannot be used, in one line a person can act on: which path, what is wrong, what
// to do. sqlite-file.ts wraps everything the engine does to open the file (directory, lock, open,
// pragmas, migrations, the first reads) and rethrows through diagnoseOpen; the CLI prints the message
// and exits 1.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreOpenError } from '../storage-error.js';
import type { Db } from './open-db.js';
import { primaryCode, sqliteCode } from './sqlite-errors.js';

const ELSEWHERE = 'or start with --db pointing elsewhere';

const fsReason = (code: string | undefined): string =>
  code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'ENOTDIR' ? 'a part of the path is a file' : code ?? 'unknown error';

/** The errno code of a failed fs call, or null when it succeeded. */
function denied(path: string, mode: number): string | null {
  try {
    accessSync(path, mode);
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

/** A recursive mkdir reports ENOENT for a read-only parent: ask the nearest existing ancestor instead. */
function mkdirReason(dir: string, code: string | undefined): string {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  if (!statSync(at).isDirectory()) return `${at} is a file`;
  const write = denied(at, constants.W_OK | constants.X_OK);
  return write ? `${at}: ${fsReason(write)}` : fsReason(code);
}

/** What the file system says about the path, when it explains a failure better than SQLite's code. */
function fsProblem(path: string): StoreOpenError | null {
  const dir = dirname(path);
  let exists = true;
  try {
    if (statSync(path).isDirectory()) return new StoreOpenError(path, 'is a directory, not a database file', `name a file in it (--db ${path}/hookscope.db) ${ELSEWHERE}`);
  } catch {
    exists = false;
  }
  if (exists) {
    const read = denied(path, constants.R_OK);
    if (read) return new StoreOpenError(path, `cannot be read (${fsReason(read)})`, `give this user read and write access to it, ${ELSEWHERE}`);
    const write = denied(path, constants.W_OK);
    if (write) return new StoreOpenError(path, `is read-only (${fsReason(write)})`, `make it writable, ${ELSEWHERE}`);
  }
  const dirWrite = denied(dir, constants.W_OK | constants.X_OK);
  if (dirWrite) {
    return new StoreOpenError(path, `its directory ${dir} is not writable (${fsReason(dirWrite)}), and SQLite keeps its -wal and -shm files beside the database`, `make the directory writable, ${ELSEWHERE}`);
  }
  return null;
}

/** Turns any error met while opening the store into a StoreOpenError (an existing one passes through). */
export function diagnoseOpen(path: string, err: unknown): StoreOpenError {
  if (err instanceof StoreOpenError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.syscall === 'mkdir') {
    return new StoreOpenError(path, `cannot create the directory ${dirname(path)} (${mkdirReason(dirname(path), e.code)})`, `create it yourself, ${ELSEWHERE}`);
  }
  const code = sqliteCode(err);
  const primary = code === null ? null : primaryCode(code);
  if (primary === 'SQLITE_NOTADB') {
    return new StoreOpenError(path, 'is not a SQLite database (file is not a database)', `move it aside, ${ELSEWHERE}`);
  }
  if (primary === 'SQLITE_CORRUPT') {
    return new StoreOpenError(path, 'is damaged (database disk image is malformed)', `move it aside and start afresh (sqlite3 can try ".recover" on the copy), ${ELSEWHERE}`);
  }
  if (primary === 'SQLITE_FULL') {
    return new StoreOpenError(path, 'cannot be written: the disk is full (database or disk is full)', `free some space, ${ELSEWHERE}`);
  }
  const fromFs = primary === 'SQLITE_CANTOPEN' || primary === 'SQLITE_READONLY' || primary === 'SQLITE_IOERR' || primary === 'SQLITE_PERM' ? fsProblem(path) : null;
  if (fromFs) return fromFs;
  if (primary === 'SQLITE_READONLY') return new StoreOpenError(path, `cannot be written (${e.message})`, `check its permissions and file system, ${ELSEWHERE}`);
  return new StoreOpenError(path, `cannot be opened (${e?.message ?? String(err)}${code ? `, ${code}` : ''})`, `check the path and its permissions, ${ELSEWHERE}`);
}

/**
 * SQLite opens a file it may not write read-only without a word, and says so at the first write. One
 * write at start (user_version set to itself) finds out before the first capture would.
 */
export function probeWrite(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  db.pragma(`user_version = ${version}`);
}

/**
 * A SQLite file that another program made: version 0 (hookscope's migrations never ran) but tables
 * already there. Refused rather than having hookscope's tables added to it.
 */
export function refuseForeign(db: Db, path: string): void {
  if ((db.pragma('user_version', { simple: true }) as number) !== 0) return;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 4").pluck().all() as string[];
  if (tables.length === 0) return;
  throw new StoreOpenError(path, `is another program's SQLite database (tables ${tables.join(', ')}), not hookscope's`, `leave it be, ${ELSEWHERE}`);
}

/** Files up to this size are fully checked at start (quick_check reads every page: ~1 ms per MB, measured). */
const FULL_CHECK_BYTES = 64 * 1024 * 1024;

/**
 * Damage found at start rather than at the first capture: PRAGMA quick_check on a file up to 64 MiB; on a
 * larger one, the edges of each table's B-tree (the pages the next write and the newest reads touch).
 */
export function refuseDamaged(db: Db, path: string): void {
  const bytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  if (bytes <= FULL_CHECK_BYTES) {
    const problem = db.pragma('quick_check(1)', { simple: true }) as string;
    // One line: quick_check prefixes "*** in database main ***" and may break lines.
    const first = problem.replace(/\*\*\* in database \w+ \*\*\*/g, '').replace(/\s+/g, ' ').trim().slice(0, 200);
    if (problem !== 'ok') throw new StoreOpenError(path, `is damaged (quick_check: ${first})`, `move it aside and start afresh (sqlite3 can try ".recover" on the copy), ${ELSEWHERE}`);
    return;
  }
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const t of tables) db.prepare(`SELECT max(rowid), min(rowid) FROM "${t.replace(/"/g, '""')}"`).get();
}
