// --max-db-size: a global cap on the database. When the pages in use grow past it, the oldest
// requests are removed first, across bins (ids are global and increasing), down to 90 % of the cap.
// "In use" = (page_count - freelist_count) * page_size (https://sqlite.org/pragma.html#pragma_page_count):
// deleting rows moves pages to the freelist, which SQLite reuses, so the file itself stops growing
// near the cap instead of shrinking (no VACUUM on the hot path). The WAL (checkpointed at ~4 MB by
// default) comes on top. Checked at most once per `interval` ms after a commit, never per request.
import type { BinRecord } from '../bin-record.js';
import type { Db } from './open-db.js';

export interface SizeCapOptions {
  /** The cap; a function when it moves (the room a full disk left, disk-room.ts). */
  maxBytes: number | (() => number);
  /** Least time between two checks, in ms of `now` (default 1000). */
  interval?: number;
  /** Most requests removed by one pass; a pass that leaves the db over the cap re-checks on the next commit. */
  maxPerPass?: number;
  now: () => number;
  bin: (id: string) => BinRecord | undefined;
  /** Requests held over all bins (the bins cache). */
  totalRequests: () => number;
  /** Per bin, the highest request id removed; and how many requests went. */
  onPruned: (pruned: Map<string, number>, removed: number) => void;
}

export function dbUsedBytes(db: Db): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * pageSize;
}

export type SizeCap = ReturnType<typeof createSizeCap>;

export function createSizeCap(db: Db, opts: SizeCapOptions) {
  const interval = opts.interval ?? 1000;
  const maxPerPass = opts.maxPerPass ?? 20_000;
  const nthOldest = db.prepare('SELECT id FROM requests ORDER BY id LIMIT 1 OFFSET ?').pluck();
  const perBin = db.prepare('SELECT bin_id AS bin, max(id) AS upTo, count(*) AS n FROM requests WHERE id <= ? GROUP BY bin_id');
  const deleteRequests = db.prepare('DELETE FROM requests WHERE id <= ?');
  let last = -Infinity;

  const removeUpTo = db.transaction((cutoff: number) => {
    const rows = perBin.all(cutoff) as { bin: string; upTo: number; n: number }[];
    deleteRequests.run(cutoff);
    return rows;
  });

  /** One pass: removes the oldest requests when over the cap. Returns how many went. */
  const cap = typeof opts.maxBytes === 'function' ? opts.maxBytes : (): number => opts.maxBytes as number;

  function enforce(): number {
    const maxBytes = cap();
    const used = dbUsedBytes(db);
    if (used <= maxBytes) return 0;
    const rows = opts.totalRequests();
    if (rows === 0) return 0;
    const perRow = used / rows;
    const want = Math.ceil((used - maxBytes * 0.9) / perRow);
    const take = Math.max(1, Math.min(want, maxPerPass, rows));
    const cutoff = nthOldest.get(take - 1) as number | undefined;
    if (cutoff === undefined) return 0;
    const removed = removeUpTo(cutoff);
    const pruned = new Map<string, number>();
    let count = 0;
    for (const r of removed) {
      const bin = opts.bin(r.bin);
      if (bin) bin.requestCount -= r.n;
      pruned.set(r.bin, r.upTo);
      count += r.n;
    }
    opts.onPruned(pruned, count);
    // Still over after a bounded pass: look again at the next commit instead of waiting.
    if (count === take && dbUsedBytes(db) > maxBytes) last = -Infinity;
    return count;
  }

  return {
    enforce,
    /** Called after every commit; does the work at most once per interval. */
    afterCommit(): void {
      const t = opts.now();
      if (t - last < interval) return;
      last = t;
      enforce();
    },
  };
}
