// SQLite's result codes, as better-sqlite3 reports them (`err.code`, the extended name such as
// SQLITE_IOERR_WRITE; https://sqlite.org/rescode.html), sorted into the store's runtime faults.
import { StorageError, type StorageFaultKind } from '../storage-error.js';

/** The SQLite result code name of an error thrown by better-sqlite3, or null for anything else. */
export function sqliteCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** The primary code: SQLITE_IOERR_WRITE -> SQLITE_IOERR. */
export function primaryCode(code: string): string {
  const i = code.indexOf('_', 'SQLITE_'.length);
  return i === -1 ? code : code.slice(0, i);
}

const KINDS: Record<string, StorageFaultKind> = {
  SQLITE_FULL: 'full',
  SQLITE_IOERR: 'io',
  SQLITE_READONLY: 'readonly',
  SQLITE_CORRUPT: 'corrupt',
  SQLITE_NOTADB: 'corrupt',
};

/**
 * The storage fault an error is, or null when it is not one (a constraint, a bug, a busy lock: those
 * stay what they are). An IOERR whose cause is a full disk (SQLITE_IOERR_WRITE with ENOSPC is reported as
 * SQLITE_FULL by SQLite's unix VFS already) counts as io.
 */
export function sqliteStorageError(err: unknown): StorageError | null {
  if (err instanceof StorageError) return err;
  const code = sqliteCode(err);
  if (code === null) return null;
  const kind = KINDS[primaryCode(code)];
  if (kind === undefined) return null;
  return new StorageError(kind, code, (err as Error).message);
}
