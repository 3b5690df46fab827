// The SQLite engine of the store contract: one connection, WAL, statements prepared once, synchronous
// transactions behind the contract's promises (better-sqlite3 docs), group commit on the event loop.
import { createChanges } from '../changes.js';
import type { Store } from '../contract.js';
import type { Db } from './open-db.js';
import type { StoreOptions } from '../index.js';
import { createWriteQueue } from '../write-queue.js';
import { createBatchWriter } from './batch-writer.js';
import { createSqliteBins } from './bins.js';
import { createSqliteDeliveries } from './deliveries.js';
import { openDb } from './open-db.js';
import { reindexEventsIfStale } from './reindex.js';
import { createSqliteRequests } from './requests.js';
import { createSizeCap, dbUsedBytes } from './size-cap.js';
import { createWalFlusher } from './wal-flusher.js';

/** The contract plus the connection, for this engine's own tests (EXPLAIN, raw counts); nothing else uses it. */
export type SqliteStore = Store & { readonly db: Db };

/** The connection behind a store, when it is a SQLite one (engine tests only). */
export function sqliteDbOf(store: Store): Db {
  const db = (store as Partial<SqliteStore>).db;
  if (!db) throw new Error(`not a SQLite store (${store.engine})`);
  return db;
}

export function openSqliteStore(options: StoreOptions): SqliteStore {
  const db = openDb(options.db, options.sync);
  // The event index is a cache of the decoder's output: rebuild it when the decoder changed.
  reindexEventsIfStale(db, options.index);
  // --sync full fsyncs every commit anyway; :memory: has no file.
  const walFlusher = options.db !== ':memory:' && options.sync !== 'full' ? createWalFlusher(options.db) : null;
  const changes = createChanges();
  const bins = createSqliteBins(db, changes);
  const requests = createSqliteRequests(db, changes, (binId) => {
    const bin = bins.get(binId);
    if (bin) bin.requestCount = Math.max(0, bin.requestCount - 1);
  });
  const sizeCap = options.maxDbSize === null ? null : createSizeCap(db, {
    maxBytes: options.maxDbSize,
    now: options.now,
    bin: bins.get,
    onPruned: (pruned, removed) => {
      options.onSizeCapPruned?.(removed);
      for (const [binId, upTo] of pruned) changes.emit({ type: 'pruned', binId, upTo });
    },
  });
  const writer = createWriteQueue({
    commit: createBatchWriter(db, { defaultMaxRequests: options.defaultMaxRequests }),
    bin: bins.get,
    changes,
    afterCommit: () => {
      sizeCap?.afterCommit();
      walFlusher?.touched();
    },
  });
  sizeCap?.enforce();

  let closing: Promise<void> | undefined;
  return {
    engine: 'sqlite',
    location: options.db,
    db,
    bins,
    requests,
    deliveries: createSqliteDeliveries(db),
    writer,
    subscribe: changes.subscribe,
    usedBytes: async () => dbUsedBytes(db),
    close() {
      closing ??= (async () => {
        await writer.close();
        walFlusher?.close();
        db.close();
      })();
      return closing;
    },
  };
}
