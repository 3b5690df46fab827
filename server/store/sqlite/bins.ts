// Bins in SQLite, mirrored in memory so the capture path never reads the database to find one.
// SQLite is one process's file (server/store/sqlite/open-db.ts), so the mirror is the truth's copy.
import type { SignatureVerdict } from '../../../core/wire.js';
import { type BinRecord, parseSettings } from '../bin-record.js';
import type { Changes } from '../changes.js';
import { BinExistsError, type RawRequest } from '../contract.js';
import type { Db } from './open-db.js';
import { sqliteStorageError } from './sqlite-errors.js';

interface BinRow {
  id: string;
  named: number;
  created_at: number;
  last_activity_at: number;
  request_count: number;
  max_requests: number | null;
  ttl_ms: number | null;
  settings: string;
}

function fromRow(row: BinRow): BinRecord {
  return {
    id: row.id,
    named: row.named === 1,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    requestCount: row.request_count,
    maxRequests: row.max_requests,
    ttlMs: row.ttl_ms,
    settings: parseSettings(row.settings),
  };
}

export type SqliteBins = ReturnType<typeof createSqliteBins>;

/**
 * `emptied(id)`: every request of the bin went (the in-memory events index forgets the bin).
 *
 * While the file is open the cache is the truth for each bin's request count and last activity; the
 * columns bins.request_count and bins.last_activity_at are its copy at rest: recomputed from the
 * requests at open (so a crash cannot leave them off), written back then and at close, not by every
 * commit. Over 1,000 bins that per-commit UPDATE dirtied a bins page per touched bin; without it the
 * batch writer's cost per row fell 10-15% (README, Benchmark).
 */
export function createSqliteBins(db: Db, changes: Changes, emptied: (id: string) => void) {
  const cache = new Map<string, BinRecord>();
  for (const row of db.prepare('SELECT * FROM bins').all() as BinRow[]) cache.set(row.id, fromRow(row));
  // Per bin: requests held and the arrival of the newest (the requests_bin index, then one row each).
  const held = db.prepare(
    `SELECT c.bin_id AS id, c.n AS n, r.received_at AS lastAt
     FROM (SELECT bin_id, count(*) AS n, max(id) AS top FROM requests GROUP BY bin_id) c JOIN requests r ON r.id = c.top`,
  ).all() as { id: string; n: number; lastAt: number }[];
  const byBin = new Map(held.map((h) => [h.id, h]));
  for (const bin of cache.values()) {
    const h = byBin.get(bin.id);
    bin.requestCount = h?.n ?? 0;
    if (h) bin.lastActivityAt = Math.max(bin.lastActivityAt, h.lastAt);
  }
  const writeCounts = db.prepare(
    'UPDATE bins SET request_count = @n, last_activity_at = @at WHERE id = @id AND (request_count IS NOT @n OR last_activity_at IS NOT @at)',
  );
  const persistTx = db.transaction(() => {
    for (const b of cache.values()) writeCounts.run({ n: b.requestCount, at: b.lastActivityAt, id: b.id });
  });
  /** The cache's counts and activity into the bins rows (only rows that differ are written). */
  function persist(): void {
    try {
      persistTx();
    } catch (err) {
      if (!sqliteStorageError(err)) throw err;
      // A full disk or a read-only file: the cache stays right and the next open recomputes.
    }
  }
  persist();
  const insert = db.prepare(
    `INSERT INTO bins (id, named, created_at, last_activity_at, request_count, max_requests, ttl_ms, settings)
     VALUES (@id, @named, @createdAt, @lastActivityAt, 0, @maxRequests, @ttlMs, @settings)`,
  );
  const update = db.prepare(
    'UPDATE bins SET max_requests = @maxRequests, ttl_ms = @ttlMs, settings = @settings, last_activity_at = @lastActivityAt WHERE id = @id',
  );
  const removeBin = db.prepare('DELETE FROM bins WHERE id = ?');
  const removeRequests = db.prepare('DELETE FROM requests WHERE bin_id = ?');
  const page = db.prepare('SELECT id, raw_headers, body, content_type FROM requests WHERE bin_id = ? AND id > ? ORDER BY id LIMIT 500');
  const setVerdict = db.prepare('UPDATE requests SET signature = ?, sig_status = ? WHERE id = ?');

  const params = (b: BinRecord) => ({
    id: b.id,
    named: b.named ? 1 : 0,
    createdAt: b.createdAt,
    lastActivityAt: b.lastActivityAt,
    maxRequests: b.maxRequests,
    ttlMs: b.ttlMs,
    settings: JSON.stringify(b.settings),
  });

  function createSync(bin: BinRecord): BinRecord {
    if (cache.has(bin.id)) throw new BinExistsError(bin.id);
    insert.run(params(bin));
    cache.set(bin.id, bin);
    return bin;
  }

  /** Every stored verdict of the bin recomputed, in pages, inside the caller's transaction. */
  function reverify(bin: BinRecord, verdictOf: (r: RawRequest) => SignatureVerdict): void {
    type Row = { id: number; raw_headers: string; body: Buffer; content_type: string | null };
    for (let last = 0, rows = page.all(bin.id, last) as Row[]; rows.length > 0; rows = page.all(bin.id, last) as Row[]) {
      for (const row of rows) {
        const verdict = verdictOf({ rawHeaders: JSON.parse(row.raw_headers) as string[], body: row.body, contentType: row.content_type });
        setVerdict.run(JSON.stringify(verdict), verdict.status, row.id);
      }
      last = rows[rows.length - 1].id;
    }
  }

  const saveTx = db.transaction((bin: BinRecord, verdictOf?: (r: RawRequest) => SignatureVerdict) => {
    update.run(params(bin));
    if (verdictOf) reverify(bin, verdictOf);
  });
  const removeTx = db.transaction((id: string): boolean => {
    removeRequests.run(id);
    return removeBin.run(id).changes > 0;
  });

  return {
    get: (id: string): BinRecord | undefined => cache.get(id),
    list: (): BinRecord[] => [...cache.values()],
    /** Requests held over all bins (the size cap's estimate of bytes per request). */
    totalRequests(): number {
      let n = 0;
      for (const b of cache.values()) n += b.requestCount;
      return n;
    },
    persist,
    count: (): number => cache.size,
    create: async (bin: BinRecord): Promise<BinRecord> => createSync(bin),
    ensure: async (bin: BinRecord): Promise<BinRecord> => cache.get(bin.id) ?? createSync(bin),
    async save(bin: BinRecord, verdictOf?: (r: RawRequest) => SignatureVerdict): Promise<BinRecord> {
      saveTx(bin, verdictOf);
      // Counts are the writer's: keep the cached ones, take everything else.
      const cached = cache.get(bin.id);
      const next = cached ? { ...bin, requestCount: cached.requestCount, lastActivityAt: Math.max(bin.lastActivityAt, cached.lastActivityAt) } : bin;
      cache.set(bin.id, next);
      changes.emit({ type: 'bin', binId: bin.id });
      return next;
    },
    async remove(id: string): Promise<boolean> {
      const removed = removeTx(id);
      cache.delete(id);
      emptied(id);
      if (removed) changes.emit({ type: 'bin_deleted', binId: id });
      return removed;
    },
    refresh: async (id: string): Promise<BinRecord | undefined> => cache.get(id),
    async sweepIdle(now: number, defaultTtlMs: number): Promise<string[]> {
      // One process owns the file: the cache's last activity is the database's.
      const idle = [...cache.values()].filter((b) => now - b.lastActivityAt > (b.ttlMs ?? defaultTtlMs));
      for (const bin of idle) {
        removeTx(bin.id);
        cache.delete(bin.id);
        changes.emit({ type: 'bin_deleted', binId: bin.id });
      }
      return idle.map((b) => b.id);
    },
    async clear(id: string): Promise<void> {
      removeRequests.run(id);
      emptied(id);
      const bin = cache.get(id);
      if (bin) bin.requestCount = 0;
      changes.emit({ type: 'cleared', binId: id });
    },
  };
}
