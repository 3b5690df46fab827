// Bins in PostgreSQL behind this node's cache (bin-cache.ts). Every change commits first, then updates
// the cache, announces the change here and notifies the other nodes (notifier.ts).
import type pg from 'pg';
import type { SignatureVerdict } from '../../../core/wire.js';
import type { BinRecord } from '../bin-record.js';
import type { Changes } from '../changes.js';
import { BinExistsError, type BinStore, type RawRequest } from '../contract.js';
import { BIN_COLUMNS, type BinCache, type BinRow } from './bin-cache.js';
import type { Notifier } from './notifier.js';
import { tx } from './tx.js';

const PAGE = 500;

export function createPgBins(pool: pg.Pool, cache: BinCache, changes: Changes, notifier: Notifier): BinStore {
  const insertSql = `INSERT INTO hookscope.bins (id, named, created_at, last_activity_at, max_requests, ttl_ms, settings)
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING ${BIN_COLUMNS}`;
  const insertValues = (b: BinRecord) => [b.id, b.named, b.createdAt, b.lastActivityAt, b.maxRequests, b.ttlMs, JSON.stringify(b.settings)];

  async function read(id: string): Promise<BinRow | undefined> {
    return (await pool.query<BinRow>(`SELECT ${BIN_COLUMNS} FROM hookscope.bins WHERE id = $1`, [id])).rows[0];
  }

  /** Inserts the bin unless the id is taken; the cached record either way (undefined: taken and then removed). */
  async function insert(bin: BinRecord): Promise<{ created: boolean; bin: BinRecord | undefined }> {
    const row = (await pool.query<BinRow>(insertSql, insertValues(bin))).rows[0];
    if (row) {
      cache.applyRow(row);
      notifier.send(['n', bin.id]);
      return { created: true, bin: cache.get(bin.id) };
    }
    const existing = await read(bin.id);
    if (existing) cache.applyRow(existing);
    return { created: false, bin: existing && cache.get(bin.id) };
  }

  /** Every stored verdict of the bin recomputed, in pages, inside the caller's transaction. */
  async function reverify(c: pg.PoolClient, binId: string, verdictOf: (r: RawRequest) => SignatureVerdict): Promise<void> {
    type Row = { id: number; raw_headers: string; body: Buffer; content_type: string | null };
    for (let last = 0; ; ) {
      const rows = (
        await c.query<Row>('SELECT id, raw_headers, body, content_type FROM hookscope.requests WHERE bin_id = $1 AND id > $2 ORDER BY id LIMIT $3', [binId, last, PAGE])
      ).rows;
      if (rows.length === 0) return;
      const updates = rows.map((row) => {
        const verdict = verdictOf({ rawHeaders: JSON.parse(row.raw_headers) as string[], body: row.body, contentType: row.content_type });
        return { id: row.id, sg: JSON.stringify(verdict), ss: verdict.status };
      });
      await c.query(
        `UPDATE hookscope.requests r SET signature = x.sg, sig_status = x.ss
           FROM json_to_recordset($1::json) AS x(id bigint, sg text, ss text) WHERE r.id = x.id`,
        [JSON.stringify(updates)],
      );
      last = rows[rows.length - 1].id;
    }
  }

  /** Removes the bin row first (its lock orders this after any write in flight), then what it caught. */
  async function removeWhere(id: string, idleSince?: { now: number; ttl: number }): Promise<boolean> {
    const removed = await tx(pool, async (c) => {
      const gone = idleSince
        ? await c.query('DELETE FROM hookscope.bins WHERE id = $1 AND $2::bigint - last_activity_at > coalesce(ttl_ms, $3::bigint)', [id, idleSince.now, idleSince.ttl])
        : await c.query('DELETE FROM hookscope.bins WHERE id = $1', [id]);
      if (gone.rowCount === 0) return false;
      await c.query('DELETE FROM hookscope.requests WHERE bin_id = $1', [id]);
      await c.query('DELETE FROM hookscope.deliveries WHERE bin_id = $1', [id]);
      return true;
    });
    if (removed) {
      cache.forget(id);
      changes.emit({ type: 'bin_deleted', binId: id });
      notifier.send(['x', id]);
    } else if (!idleSince && cache.forget(id)) {
      changes.emit({ type: 'bin_deleted', binId: id }); // another node removed it first
    }
    return removed;
  }

  return {
    get: cache.get,
    list: cache.list,
    count: cache.count,
    async create(bin: BinRecord): Promise<BinRecord> {
      const { created, bin: stored } = await insert(bin);
      if (!created || !stored) throw new BinExistsError(bin.id);
      return stored;
    },
    async ensure(bin: BinRecord): Promise<BinRecord> {
      const cached = cache.get(bin.id);
      if (cached) return cached;
      const { bin: stored } = await insert(bin);
      // Taken and removed again between the two statements: try once more.
      return stored ?? (await insert(bin)).bin ?? bin;
    },
    async save(bin: BinRecord, verdictOf?: (r: RawRequest) => SignatureVerdict): Promise<BinRecord> {
      const row = await tx(pool, async (c) => {
        const updated = (
          await c.query<BinRow>(
            `UPDATE hookscope.bins SET max_requests = $2, ttl_ms = $3, settings = $4, last_activity_at = greatest(last_activity_at, $5), rev = rev + 1
             WHERE id = $1 RETURNING ${BIN_COLUMNS}`,
            [bin.id, bin.maxRequests, bin.ttlMs, JSON.stringify(bin.settings), bin.lastActivityAt],
          )
        ).rows[0];
        if (updated && verdictOf) await reverify(c, bin.id, verdictOf);
        return updated;
      });
      if (!row) {
        // Removed meanwhile (maybe by another node): nothing was saved.
        if (cache.forget(bin.id)) changes.emit({ type: 'bin_deleted', binId: bin.id });
        return bin;
      }
      const responseChanged = bin.settings.response !== cache.get(bin.id)?.settings.response;
      cache.applySaved(bin, row);
      changes.emit({ type: 'bin', binId: bin.id });
      notifier.send(['s', bin.id, responseChanged ? 1 : 0]);
      return cache.get(bin.id) ?? bin;
    },
    remove: (id: string) => removeWhere(id),
    async clear(id: string): Promise<void> {
      const rev = await tx(pool, async (c) => {
        const row = (await c.query<{ rev: number }>('UPDATE hookscope.bins SET request_count = 0, bytes = 0, rev = rev + 1, pruned_to = last_id WHERE id = $1 RETURNING rev', [id])).rows[0];
        await c.query('DELETE FROM hookscope.requests WHERE bin_id = $1', [id]);
          await c.query('DELETE FROM hookscope.deliveries WHERE bin_id = $1', [id]);
        return row?.rev;
      });
      if (rev !== undefined) cache.applyCounts(id, rev, 0);
      changes.emit({ type: 'cleared', binId: id });
      if (rev !== undefined) notifier.send(['c', id, rev]);
    },
    async refresh(id: string): Promise<BinRecord | undefined> {
      const seen = cache.state(id);
      const row = await read(id);
      if (row) {
        if (cache.applyRow(row) === 'settings') changes.emit({ type: 'bin', binId: id });
        return cache.get(id);
      }
      // No row when the read ran. The cache may have learnt of a newer state meanwhile (this node
      // created the bin while the read was on its way): that one stands.
      if (cache.unchangedSince(id, seen) && cache.forget(id)) changes.emit({ type: 'bin_deleted', binId: id });
      return cache.get(id);
    },
    async sweepIdle(now: number, defaultTtlMs: number): Promise<string[]> {
      const idle = (
        await pool.query<{ id: string }>('SELECT id FROM hookscope.bins WHERE $1::bigint - last_activity_at > coalesce(ttl_ms, $2::bigint)', [now, defaultTtlMs])
      ).rows;
      const removed: string[] = [];
      // Judged again inside each removal: a capture on any node since the SELECT keeps the bin.
      for (const { id } of idle) if (await removeWhere(id, { now, ttl: defaultTtlMs })) removed.push(id);
      return removed;
    },
  };
}
