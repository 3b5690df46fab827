// PostgreSQL's SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html) sorted
// into the store's runtime faults, and the probe that tells when the database takes writes again.
import type pg from 'pg';
import { StorageError, type StorageFaultKind } from '../storage-error.js';

const KINDS: Record<string, StorageFaultKind> = {
  '53100': 'full', // disk_full
  '58030': 'io', // io_error
  '25006': 'readonly', // read_only_sql_transaction (a standby, default_transaction_read_only)
  XX001: 'corrupt', // data_corrupted
  XX002: 'corrupt', // index_corrupted
};

/** The storage fault a pg error is, or null (a constraint, a lost connection, ...: those stay what they are). */
export function pgStorageError(err: unknown): StorageError | null {
  if (err instanceof StorageError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const kind = KINDS[code];
  return kind === undefined ? null : new StorageError(kind, `SQLSTATE ${code}`, (err as Error).message);
}

/**
 * One recovery pass: PostgreSQL makes its own room (vacuum reuses freed space; the operator grows the
 * disk), so hookscope only checks that a 64 KiB write commits again.
 */
export async function pgRoomProbe(pool: pg.Pool): Promise<boolean> {
  try {
    await pool.query(
      "WITH put AS (INSERT INTO hookscope.meta (key, value) VALUES ('room_probe', repeat('x', 65536)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value RETURNING key) DELETE FROM hookscope.meta WHERE key IN (SELECT key FROM put)",
    );
    return true;
  } catch {
    return false;
  }
}
