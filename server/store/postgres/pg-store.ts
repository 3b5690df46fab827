// The PostgreSQL engine of the store contract, for several hookscope nodes on one database: a pool
// (node-postgres) for queries and group commits, a dedicated LISTEN connection per node (listener.ts),
// a bins cache kept current from the other nodes' notifications (bin-cache.ts, feed.ts). Start-up:
// schema migrations and a stale events index rebuilt under an advisory lock (one node at a time),
// LISTEN, then the bins are loaded (so no change committed in between goes unheard).
import { randomBytes } from 'node:crypto';
import { createChanges } from '../changes.js';
import type { Store } from '../contract.js';
import type { StoreOptions } from '../index.js';
import type { NewRequest } from '../request-row.js';
import { type BatchOutcome, createWriteQueue } from '../write-queue.js';
import { createPgBatchWriter } from './batch-writer.js';
import { BIN_COLUMNS, type BinRow, createBinCache } from './bin-cache.js';
import { createPgBins } from './bins.js';
import { connectError, createPool, describeUrl } from './connect.js';
import { createPgDeliveries } from './deliveries.js';
import { pgRoomProbe, pgStorageError } from './pg-errors.js';
import { createFeed } from './feed.js';
import { createListener, type Listener } from './listener.js';
import { migrate, withStartLock } from './migrations.js';
import { createNotifier, type NodeChange } from './notifier.js';
import { pgReindexIfStale } from './reindex.js';
import { createPgRequests } from './requests.js';
import { createPgSizeCap, pgUsedBytes } from './size-cap.js';

/** How often a node re-reads the newest ids of its watched bins (a lost notification waits at most this long). */
const POLL_MS = 1000;
const SIZE_CAP_MS = 1000;

export async function openPostgresStore(options: StoreOptions): Promise<Store> {
  const target = describeUrl(options.db);
  const pool = createPool(options.db);
  const fail = async (err: unknown): Promise<never> => {
    await pool.end().catch(() => undefined);
    throw connectError(err, target);
  };
  const client = await pool.connect().catch(fail);
  try {
    const sync = (await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0].synchronous_commit;
    if (sync !== 'on') throw new Error(`synchronous_commit is "${sync}" for this session (an options= parameter in the URL?): hookscope needs it on`);
    await withStartLock(client, async () => {
      await migrate(client);
      await pgReindexIfStale(client, options.index);
    });
    client.release();
  } catch (err) {
    client.release(true);
    return fail(err);
  }

  const node = randomBytes(6).toString('base64url');
  const watched = options.watched ?? (() => true);
  const changes = createChanges();
  const cache = createBinCache();
  const notifier = createNotifier(pool, node);
  const feed = createFeed({ pool, cache, changes, node, watched });
  let listener: Listener;
  try {
    listener = await createListener({ url: options.db, onNotify: feed.onNotify, onReconnect: () => void feed.resync(true).catch(() => undefined) });
  } catch (err) {
    return fail(err);
  }
  // After LISTEN: whatever commits from now on is notified, whatever committed before is in these rows.
  try {
    for (const row of (await pool.query<BinRow>(`SELECT ${BIN_COLUMNS} FROM hookscope.bins`)).rows) cache.applyRow(row);
  } catch (err) {
    await listener.close();
    return fail(err);
  }
  feed.start();

  const write = createPgBatchWriter(pool, options.defaultMaxRequests);
  /** One group commit, then the catch-up of what other nodes committed before it in watched bins (feed.ts). */
  const commit = (rows: NewRequest[]): Promise<BatchOutcome> =>
    feed.exclusive(async () => {
      // A full disk or an I/O error reaches the writer's callers as the store's StorageError (507).
      const res = await write(rows).catch((err: unknown) => {
        throw pgStorageError(err) ?? err;
      });
      const gaps = new Map<string, { after: number; upTo: number }>();
      const bins: [string, number, number][] = [];
      const notes: NodeChange[] = [];
      const pruned = new Map(res.pruned);
      for (const [bin, count, lastAt, rev, prevLast, top] of res.bins) {
        const known = cache.known.get(bin) ?? prevLast;
        if (prevLast > known && watched(bin)) gaps.set(bin, { after: known, upTo: prevLast });
        cache.known.set(bin, Math.max(known, top));
        if (cache.applyCounts(bin, rev, count, lastAt)) bins.push([bin, count, lastAt]);
        notes.push(['r', bin, top, count, lastAt, rev, pruned.get(bin) ?? 0]);
      }
      notifier.send(...notes);
      if (gaps.size > 0) await feed.catchUp(gaps);
      return { ids: res.ids, pruned: res.pruned, bins };
    });
  const writer = createWriteQueue({ commit, bin: cache.get, changes });

  const sizeCap = options.maxDbSize === null ? null : createPgSizeCap(pool, cache, changes, notifier, {
    maxBytes: options.maxDbSize,
    onPruned: options.onSizeCapPruned,
  });
  let capping = false;
  const enforceCap = (): void => {
    if (!sizeCap || capping || !listener.isLeader()) return;
    capping = true;
    void sizeCap.enforce().catch(() => 0).finally(() => (capping = false));
  };
  enforceCap();
  const poll = setInterval(() => {
    if (!listener.isLeader()) void listener.tryLead();
    if (listener.connected()) void feed.resync(false).catch(() => undefined);
  }, POLL_MS);
  poll.unref();
  const cap = sizeCap ? setInterval(enforceCap, SIZE_CAP_MS) : undefined;
  cap?.unref();

  let closing: Promise<void> | undefined;
  return {
    engine: 'postgres',
    location: target.location,
    bins: createPgBins(pool, cache, changes, notifier),
    requests: createPgRequests(pool, cache, changes, notifier),
    deliveries: createPgDeliveries(pool, changes, notifier),
    writer,
    subscribe: changes.subscribe,
    usedBytes: () => pgUsedBytes(pool),
    isLeader: () => listener.isLeader(),
    // Several nodes share one PostgreSQL by design: no one-process lock to name this one in.
    announce: () => undefined,
    storageError: pgStorageError,
    recover: () => pgRoomProbe(pool),
    close() {
      closing ??= (async () => {
        clearInterval(poll);
        clearInterval(cap);
        await writer.close();
        await notifier.flush();
        notifier.close();
        await listener.close();
        await feed.exclusive(async () => undefined).catch(() => undefined);
        await pool.end().catch(() => undefined);
      })();
      return closing;
    },
  };
}
