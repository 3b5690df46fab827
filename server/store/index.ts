// openStore(options): the engine a --db value names. A file path or ':memory:' is SQLite (the embedded
// default); postgres:// or postgresql:// is PostgreSQL. Nothing outside server/store/ imports an engine.
import type { SyncMode } from '../config.js';
import type { IndexDecoder, Store } from './contract.js';
import { openPostgresStore } from './postgres/pg-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

export * from './contract.js';
export * from './storage-error.js';
export { isExact } from './terms.js';

export interface StoreOptions {
  /** A file path or ':memory:' (SQLite), or a postgres:// URL. */
  db: string;
  sync: SyncMode;
  /** --max-requests: the cap of bins without their own. */
  defaultMaxRequests: number;
  /** --max-db-size in bytes, or null. */
  maxDbSize: number | null;
  now: () => number;
  index: IndexDecoder;
  /** Requests removed by --max-db-size (the hookscope_size_cap_pruned_total metric). */
  onSizeCapPruned?: (removed: number) => void;
  /**
   * Bins this node has live listeners on (bin sockets, waits, relay subscriptions): a PostgreSQL node
   * reads the other nodes' new requests of these bins and announces them. Default: every bin.
   */
  watched?: (binId: string) => boolean;
  /** This process's id, for another process's refusal (SQLite's one-process lock); null when embedded. */
  pid?: number | null;
}

/** A --db value that is a URL: its scheme, lower-cased; null for a path. */
export function dbScheme(db: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(db);
  return m ? m[1].toLowerCase() : null;
}

export const POSTGRES_SCHEMES = ['postgres', 'postgresql'];

export async function openStore(options: StoreOptions): Promise<Store> {
  const scheme = dbScheme(options.db);
  if (scheme === null) return openSqliteStore(options);
  if (POSTGRES_SCHEMES.includes(scheme)) return openPostgresStore(options);
  throw new Error(`--db ${scheme}://...: unknown database URL scheme "${scheme}" (use a file path or :memory: for SQLite, or postgres://user:password@host:5432/dbname)`);
}
