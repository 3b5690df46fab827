// Cross-node changes. Each node announces (store.subscribe) its own commits and the other nodes', per
// bin in id order, each request once:
// - A notification (notifier.ts) is only a wake-up. For a bin this node watches (a live socket or a
//   wait is open on it: StoreOptions.watched), the feed reads `id > known` from the table and
//   announces those as `requests` with local: false; for other bins it just moves `known` on.
// - A local commit reads, under its bins' row locks, each bin's previous newest id (write-function.ts).
//   When that is above what this node announced, another node committed in between and its
//   notification has not been handled yet: those rows are read and announced first, so a watcher sees
//   ids in order. Local commits and reads run one at a time (`exclusive`), so none is announced twice.
//   The write queue announces the local rows in the microtask right after the commit resolves, before
//   any later read can complete (a read's result needs I/O, a later macrotask).
// - A poll (pollMs) re-reads the newest ids of watched bins: a node killed between its COMMIT and its
//   NOTIFY, or a notification lost, delays a live message by at most that long. After a lost LISTEN
//   connection, resync(true) re-reads every bin row (cache, removed bins) and what watched bins missed.
import type pg from 'pg';
import type { RequestSummary } from '../../../core/wire.js';
import type { Changes } from '../changes.js';
import { BIN_ID_COLUMN, type RequestValues, summaryOf } from '../request-row.js';
import { BIN_COLUMNS, type BinCache, type BinRow } from './bin-cache.js';
import type { NodeChange, NotifyPayload } from './notifier.js';
import { R_SUMMARY } from './request-sql.js';

export interface FeedOptions {
  pool: pg.Pool;
  cache: BinCache;
  changes: Changes;
  node: string;
  watched: (binId: string) => boolean;
  /** Rows per catch-up read and bin. */
  page?: number;
}

export type Feed = ReturnType<typeof createFeed>;

export function createFeed(opts: FeedOptions) {
  const { pool, cache, changes } = opts;
  const page = opts.page ?? 1000;
  let chain: Promise<unknown> = Promise.resolve();
  const pending: NodeChange[] = [];
  let draining = false;
  let ready = false;
  /** Watched bins whose catch-up read failed: retried by the next poll. */
  const dirty = new Set<string>();

  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn);
    chain = run.catch(() => undefined);
    return run;
  }

  /** Reads and announces, per bin, the requests with after < id (<= upTo when given), in id order. */
  async function catchUp(ranges: Map<string, { after: number; upTo?: number }>): Promise<void> {
    let todo = [...ranges].map(([bin, r]) => ({ bin, ...r }));
    while (todo.length > 0) {
      const bins = todo.map((t) => t.bin);
      let rows: RequestValues[];
      try {
        rows = (
          await pool.query<unknown[]>({
            rowMode: 'array',
            text: `SELECT ${R_SUMMARY} FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS w(bin, after, up_to)
             CROSS JOIN LATERAL (SELECT * FROM hookscope.requests r WHERE r.bin_id = w.bin AND r.id > w.after AND r.id <= w.up_to
                                 ORDER BY r.id LIMIT $4) r ORDER BY r.bin_id, r.id`,
            values: [bins, todo.map((t) => t.after), todo.map((t) => t.upTo ?? Number.MAX_SAFE_INTEGER), page],
          })
        ).rows;
      } catch {
        for (const t of todo) dirty.add(t.bin);
        return;
      }
      const byBin = new Map<string, RequestSummary[]>();
      for (const row of rows) {
        const bin = row[BIN_ID_COLUMN] as string;
        const list = byBin.get(bin);
        if (list) list.push(summaryOf(row));
        else byBin.set(bin, [summaryOf(row)]);
      }
      const next: typeof todo = [];
      for (const t of todo) {
        const got = byBin.get(t.bin) ?? [];
        const last = got.length > 0 ? got[got.length - 1].id : t.upTo ?? t.after;
        if (cache.get(t.bin)) cache.known.set(t.bin, Math.max(cache.known.get(t.bin) ?? 0, last));
        if (got.length > 0) changes.emit({ type: 'requests', binId: t.bin, requests: got, local: false });
        if (got.length === page) next.push({ ...t, after: last });
      }
      todo = next;
    }
  }

  /** A notification's changes, in order; request wake-ups are coalesced into one read. */
  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.splice(0);
      const reads = new Map<string, { after: number }>();
      const flush = async () => {
        if (reads.size === 0) return;
        const todo = new Map(reads);
        reads.clear();
        await catchUp(todo);
      };
      for (const change of batch) {
        if (change[0] === 'r') {
          const [, bin, top, count, lastAt, rev, prunedUpTo] = change;
          cache.applyCounts(bin, rev, count, lastAt);
          if (prunedUpTo > 0) {
            await flush();
            changes.emit({ type: 'pruned', binId: bin, upTo: prunedUpTo });
          }
          const known = cache.known.get(bin) ?? 0;
          if (top <= known || reads.has(bin)) continue;
          if (!cache.get(bin)) continue; // not (yet) known here: its row is read when it is
          if (opts.watched(bin)) reads.set(bin, { after: known });
          else cache.known.set(bin, top);
          continue;
        }
        await flush();
        await applyOther(change);
      }
      await flush();
    }
    draining = false;
  }

  async function readBin(id: string): Promise<BinRow | undefined> {
    return (await pool.query<BinRow>(`SELECT ${BIN_COLUMNS} FROM hookscope.bins WHERE id = $1`, [id])).rows[0];
  }

  async function applyOther(change: NodeChange): Promise<void> {
    switch (change[0]) {
      case 'd':
        cache.applyCounts(change[1], change[4], change[3]);
        return changes.emit({ type: 'deleted', binId: change[1], id: change[2] });
      case 'c':
        cache.applyCounts(change[1], change[2], 0);
        return changes.emit({ type: 'cleared', binId: change[1] });
      case 'p':
        cache.applyCounts(change[1], change[4], change[3]);
        return changes.emit({ type: 'pruned', binId: change[1], upTo: change[2] });
      case 'n':
      case 's': {
        const row = await readBin(change[1]).catch(() => undefined);
        if (!row) return;
        const applied = cache.applyRow(row, change[0] === 's' && change[2] === 1);
        if (change[0] === 's' && applied !== 'stale' && applied !== 'added') changes.emit({ type: 'bin', binId: row.id });
        return;
      }
      case 'x':
        if (cache.forget(change[1])) changes.emit({ type: 'bin_deleted', binId: change[1] });
        return;
      case 'a':
        return changes.emit({ type: 'answered', binId: change[1], id: change[2], response: change[3] });
      case 'r':
        return;
    }
  }

  function schedule(): void {
    if (draining || !ready || pending.length === 0) return;
    draining = true;
    void exclusive(drain).catch(() => {
      draining = false;
    });
  }

  return {
    exclusive,
    /** A NOTIFY payload from the listener. */
    onNotify(text: string): void {
      let payload: NotifyPayload;
      try {
        payload = JSON.parse(text) as NotifyPayload;
      } catch {
        return;
      }
      if (payload.n === opts.node || !Array.isArray(payload.c)) return;
      pending.push(...payload.c);
      schedule();
    },
    /** The bins are loaded: notifications that came meanwhile are handled now. */
    start(): void {
      ready = true;
      schedule();
    },
    catchUp,
    /**
     * Re-reads the newest ids of watched bins (full: every bin row too, after a lost LISTEN
     * connection: bins created, changed or removed meanwhile) and announces what was missed.
     * Watched bins whose row changed while this node was deaf also get a `bin` change: deletions
     * made meanwhile are not replayed one by one, so viewers refetch.
     */
    resync(full: boolean): Promise<void> {
      return exclusive(async () => {
        const watchedIds = [...cache.ids()].filter((id) => opts.watched(id));
        if (!full && watchedIds.length === 0 && dirty.size === 0) return;
        // A bin this node creates while the SELECT is on its way is missing from its rows, not removed.
        const before = full ? new Map([...cache.ids()].map((id) => [id, cache.state(id)])) : undefined;
        const rows = full
          ? (await pool.query<BinRow>(`SELECT ${BIN_COLUMNS} FROM hookscope.bins`)).rows
          : (await pool.query<BinRow>(`SELECT ${BIN_COLUMNS} FROM hookscope.bins WHERE id = ANY($1::text[])`, [[...new Set([...watchedIds, ...dirty])]])).rows;
        dirty.clear();
        const changedWatched: string[] = [];
        if (before) {
          const present = new Set(rows.map((r) => r.id));
          for (const [id, seen] of before) {
            if (!present.has(id) && cache.unchangedSince(id, seen) && cache.forget(id)) changes.emit({ type: 'bin_deleted', binId: id });
          }
        }
        const reads = new Map<string, { after: number }>();
        for (const row of rows) {
          const before = cache.rev(row.id);
          const known = cache.known.get(row.id);
          const applied = cache.applyRow(row);
          if (opts.watched(row.id) && applied !== 'added') {
            if (row.last_id > (known ?? 0)) reads.set(row.id, { after: known ?? 0 });
            if (full && row.rev !== before && applied !== 'settings') changedWatched.push(row.id);
          } else cache.known.set(row.id, Math.max(cache.known.get(row.id) ?? 0, row.last_id));
          if (applied === 'settings') changes.emit({ type: 'bin', binId: row.id });
        }
        await catchUp(reads);
        for (const id of changedWatched) changes.emit({ type: 'bin', binId: id });
      });
    },
  };
}
