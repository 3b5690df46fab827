// The SQLite engine of the store contract: one connection, WAL, statements prepared once, synchronous
// transactions behind the contract's promises (better-sqlite3 docs), group commit on the event loop,
// the events index in memory (term-index.ts).
import { createChanges } from '../changes.js';
import type { Store } from '../contract.js';
import type { StoreOptions } from '../index.js';
import type { NewRequest } from '../request-row.js';
import { decodeEntries, distinctEntries, encodeEntries } from '../terms.js';
import { createWriteQueue } from '../write-queue.js';
import { createBatchWriter } from './batch-writer.js';
import type { DbLock } from './db-lock.js';
import { createDiskRoom } from './disk-room.js';
import { createSqliteBins } from './bins.js';
import { createSqliteDeliveries } from './deliveries.js';
import type { Db } from './open-db.js';
import { loadIndexSnapshot, saveIndexSnapshot } from './index-snapshot.js';
import { reindexEventsIfStale } from './reindex.js';
import { createSqliteRequests } from './requests.js';
import { createSizeCap, dbUsedBytes } from './size-cap.js';
import { checkpointOnClose, openDatabaseFile } from './sqlite-file.js';
import { sqliteStorageError } from './sqlite-errors.js';
import { createTermIndex, type TermIndex } from './term-index.js';
import { createWalFlusher } from './wal-flusher.js';
import { createCheckpointer } from './checkpointer.js';

/** The contract plus the connection, for this engine's own tests (EXPLAIN, raw counts); nothing else uses it. */
export type SqliteStore = Store & {
  readonly db: Db;
  readonly index: TermIndex;
  readonly indexFrom: 'snapshot' | 'rows';
  /** The one-process lock (null for :memory:): an engine test that simulates a crash releases it too. */
  readonly lock: DbLock | null;
};

/** The connection behind a store, when it is a SQLite one (engine tests only). */
export function sqliteDbOf(store: Store): Db {
  const db = (store as Partial<SqliteStore>).db;
  if (!db) throw new Error(`not a SQLite store (${store.engine})`);
  return db;
}

/** The in-memory index from every stored request's event keys (start-up; ~1-2 s per million requests). */
function loadIndex(db: Db, index: TermIndex): void {
  const rows = db.prepare('SELECT id, bin_id, event_keys FROM requests WHERE event_keys IS NOT NULL ORDER BY id').raw().iterate() as IterableIterator<
    [number, string, string]
  >;
  for (const [id, binId, keys] of rows) index.add(binId, id, decodeEntries(keys));
}

export function openSqliteStore(options: StoreOptions): SqliteStore {
  const changes = createChanges();
  const index = createTermIndex();
  let indexFrom: 'snapshot' | 'rows' = 'rows';
  // One process per file, and a one-line refusal of a file that cannot be used (sqlite-file.ts): the
  // first reads run inside, so a damaged table is refused at start too.
  const { db, lock, loaded: bins } = openDatabaseFile(options.db, { sync: options.sync, pid: options.pid ?? null }, (opened) => {
    // The terms column is a cache of the decoder's output: rebuild it when the decoder changed.
    reindexEventsIfStale(opened, options.index);
    if (loadIndexSnapshot(opened, index, options.index.version)) indexFrom = 'snapshot';
    else loadIndex(opened, index);
    return createSqliteBins(opened, changes, index.dropBin);
  });
  // --sync full fsyncs every commit anyway; :memory: has no file.
  const walFlusher = options.db !== ':memory:' && options.sync !== 'full' ? createWalFlusher(options.db) : null;
  // Checkpoints in a worker thread, not in the commit that crosses wal_autocheckpoint (checkpointer.ts).
  const checkpointer = options.db !== ':memory:' ? createCheckpointer(options.db, { sync: options.sync }) : null;
  if (checkpointer) db.pragma('wal_autocheckpoint = 0');
  const requests = createSqliteRequests(db, changes, index, (binId) => {
    const bin = bins.get(binId);
    if (bin) bin.requestCount = Math.max(0, bin.requestCount - 1);
  });
  const onPruned = (pruned: Map<string, number>, removed: number): void => {
    options.onSizeCapPruned?.(removed);
    for (const [binId, upTo] of pruned) {
      index.prunedUpTo(binId, upTo);
      changes.emit({ type: 'pruned', binId, upTo });
    }
  };
  const sizeCap = options.maxDbSize === null ? null : createSizeCap(db, { maxBytes: options.maxDbSize, now: options.now, bin: bins.get, totalRequests: bins.totalRequests, onPruned });
  // A full disk: room made by removing the oldest requests, a reserve file while the disk is tight (disk-room.ts).
  // On a tight disk it checkpoints on the writer again, in small steps (its walPages: 0 when not tight).
  const room = createDiskRoom(db, { path: options.db, now: options.now, bin: bins.get, totalRequests: bins.totalRequests, onPruned, walPages: checkpointer ? 0 : undefined });
  const writeBatch = createBatchWriter(db, { defaultMaxRequests: options.defaultMaxRequests, bin: bins.get });
  // The index follows a batch only once its transaction committed (a failed one leaves no term behind).
  // A full disk or an I/O error reaches the writer's callers as the store's StorageError (507 storage_full).
  const commitNow = (rows: NewRequest[]) => {
    const entries = rows.map((r) => distinctEntries(r.events));
    let outcome: ReturnType<typeof writeBatch>;
    try {
      outcome = writeBatch(rows, entries.map(encodeEntries));
    } catch (err) {
      throw sqliteStorageError(err) ?? err;
    }
    for (const [binId, upTo] of outcome.pruned) index.prunedUpTo(binId, upTo);
    for (let i = 0; i < rows.length; i++) if (outcome.ids[i] > 0) index.add(rows[i].binId, outcome.ids[i], entries[i]);
    return outcome;
  };
  // While the checkpointer catches up on a big WAL the batch waits (the queue gathers the next meanwhile).
  const commit = (rows: NewRequest[]) => {
    const gate = checkpointer?.gate();
    return gate ? gate.then(() => commitNow(rows)) : commitNow(rows);
  };
  const writer = createWriteQueue({
    commit,
    bin: bins.get,
    changes,
    afterCommit: () => {
      sizeCap?.afterCommit();
      room.afterCommit();
      walFlusher?.touched();
      checkpointer?.touched();
    },
  });
  sizeCap?.enforce();

  let closing: Promise<void> | undefined;
  return {
    engine: 'sqlite',
    location: options.db,
    db,
    index,
    indexFrom,
    lock,
    bins,
    requests,
    deliveries: createSqliteDeliveries(db, changes),
    writer,
    subscribe: changes.subscribe,
    usedBytes: async () => dbUsedBytes(db),
    // One process owns the file: it runs every background job.
    isLeader: () => true,
    announce: (url) => lock?.announce(url),
    storageError: sqliteStorageError,
    recover: async (attempt) => room.makeRoom(attempt),
    close() {
      closing ??= (async () => {
        await writer.close();
        room.close();
        walFlusher?.close();
        await checkpointer?.close();
        // The counts and activity the cache holds, into the bins rows (bins.ts): at rest they are exact.
        bins.persist();
        try {
          if (options.db !== ':memory:') saveIndexSnapshot(db, index, options.index.version);
        } catch {
          // Only a lost shortcut (the next start rebuilds the index), never a reason not to close.
        }
        // Last, after the snapshot's own write: the file is whole on its own once closed.
        checkpointOnClose(db);
        db.close();
        lock?.release();
      })();
      return closing;
    },
  };
}
