// --max-db-size on PostgreSQL: run by the leader node only (store.isLeader), at most once per
// `interval`. The measure is bins.bytes, kept exact by every write and delete: each request's body and
// headers plus an estimate of its row and index overhead (200 bytes, 100 per event). PostgreSQL's
// files do not shrink when rows are deleted (vacuum makes the space reusable), so their size cannot
// say when enough was removed. Over the cap, the oldest requests across bins go first, down to 90%.
import type pg from 'pg';
import type { Changes } from '../changes.js';
import type { BinCache } from './bin-cache.js';
import type { Notifier } from './notifier.js';
import { tx } from './tx.js';

export interface PgSizeCapOptions {
  maxBytes: number;
  maxPerPass?: number;
  onPruned?: (removed: number) => void;
}

export async function pgUsedBytes(pool: pg.Pool): Promise<number> {
  return (await pool.query<{ used: number }>('SELECT coalesce(sum(bytes), 0)::bigint AS used FROM hookscope.bins')).rows[0].used;
}

export function createPgSizeCap(pool: pg.Pool, cache: BinCache, changes: Changes, notifier: Notifier, opts: PgSizeCapOptions) {
  const maxPerPass = opts.maxPerPass ?? 20_000;

  /** One pass; resolves to how many requests went. */
  async function enforce(): Promise<number> {
    const state = (
      await pool.query<{ used: number; rows: number }>('SELECT coalesce(sum(bytes), 0)::bigint AS used, coalesce(sum(request_count), 0)::bigint AS rows FROM hookscope.bins')
    ).rows[0];
    if (state.used <= opts.maxBytes || state.rows === 0) return 0;
    const want = Math.ceil((state.used - opts.maxBytes * 0.9) / (state.used / state.rows));
    const take = Math.max(1, Math.min(want, maxPerPass, state.rows));
    const cutoff = (await pool.query<{ id: number }>('SELECT id FROM hookscope.requests ORDER BY id OFFSET $1 LIMIT 1', [take - 1])).rows[0]?.id;
    if (cutoff === undefined) return 0;
    const done = await tx(pool, async (c) => {
      const bins = (await c.query<{ bin_id: string }>('SELECT DISTINCT bin_id FROM hookscope.requests WHERE id <= $1', [cutoff])).rows.map((r) => r.bin_id);
      // Bin rows first, in id order (write-function.ts); only those bins' requests are removed.
      const locked = (await c.query<{ id: string }>('SELECT id FROM hookscope.bins WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [bins])).rows.map((r) => r.id);
      const per = (
        await c.query<{ bin_id: string; up_to: number; n: number; freed: number }>(
          `WITH d AS (DELETE FROM hookscope.requests WHERE bin_id = ANY($1::text[]) AND id <= $2 RETURNING bin_id, id, bytes)
           SELECT bin_id, max(id) AS up_to, count(*)::int AS n, sum(bytes)::bigint AS freed FROM d GROUP BY bin_id`,
          [locked, cutoff],
        )
      ).rows;
      await c.query('DELETE FROM hookscope.deliveries WHERE bin_id = ANY($1::text[]) AND request_id <= $2', [locked, cutoff]);
      const counts = (
        await c.query<{ id: string; request_count: number; rev: number }>(
          `UPDATE hookscope.bins b SET request_count = greatest(b.request_count - x.n, 0), bytes = greatest(b.bytes - x.freed, 0), rev = b.rev + 1,
               pruned_to = greatest(b.pruned_to, $2::bigint)
             FROM json_to_recordset($1::json) AS x(bin_id text, n int, freed bigint) WHERE b.id = x.bin_id
           RETURNING b.id, b.request_count, b.rev`,
          [JSON.stringify(per), cutoff],
        )
      ).rows;
      return { per, counts };
    });
    let removed = 0;
    const upTo = new Map(done.per.map((p) => [p.bin_id, p.up_to]));
    for (const p of done.per) removed += p.n;
    for (const row of done.counts) {
      cache.applyCounts(row.id, row.rev, row.request_count);
      const up = upTo.get(row.id) as number;
      changes.emit({ type: 'pruned', binId: row.id, upTo: up });
      notifier.send(['p', row.id, up, row.request_count, row.rev]);
    }
    if (removed > 0) opts.onPruned?.(removed);
    return removed;
  }

  return { enforce };
}
