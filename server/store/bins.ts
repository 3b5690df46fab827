// Bins: rows in SQLite, mirrored in memory so the capture path never reads the database to find one.
import type { ResponseSettings } from '../../core/wire.js';
import type { Db } from './open-db.js';

export interface PusherCredential {
  key: string;
  secret: string;
}

/** Wire shapes of a bin's response settings (core/wire.ts). */
export type { ResponseSettings, ResponseStep as ScriptStep } from '../../core/wire.js';

export interface BinSettings {
  pusher: PusherCredential[];
  secret: string | null;
  response: ResponseSettings | null;
  forward: { url: string } | null;
}

export interface BinRecord {
  id: string;
  named: boolean;
  createdAt: number;
  lastActivityAt: number;
  requestCount: number;
  maxRequests: number | null;
  ttlMs: number | null;
  settings: BinSettings;
}

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

export const emptySettings = (): BinSettings => ({ pusher: [], secret: null, response: null, forward: null });

function fromRow(row: BinRow): BinRecord {
  return {
    id: row.id,
    named: row.named === 1,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    requestCount: row.request_count,
    maxRequests: row.max_requests,
    ttlMs: row.ttl_ms,
    settings: { ...emptySettings(), ...(JSON.parse(row.settings) as Partial<BinSettings>) },
  };
}

export type BinStore = ReturnType<typeof createBinStore>;

export function createBinStore(db: Db) {
  const cache = new Map<string, BinRecord>();
  for (const row of db.prepare('SELECT * FROM bins').all() as BinRow[]) cache.set(row.id, fromRow(row));
  const insert = db.prepare(
    `INSERT INTO bins (id, named, created_at, last_activity_at, request_count, max_requests, ttl_ms, settings)
     VALUES (@id, @named, @createdAt, @lastActivityAt, 0, @maxRequests, @ttlMs, @settings)`,
  );
  const update = db.prepare(
    'UPDATE bins SET max_requests = @maxRequests, ttl_ms = @ttlMs, settings = @settings, last_activity_at = @lastActivityAt WHERE id = @id',
  );
  const removeBin = db.prepare('DELETE FROM bins WHERE id = ?');
  const removeRequests = db.prepare('DELETE FROM requests WHERE bin_id = ?');
  const removeEvents = db.prepare('DELETE FROM events WHERE bin_id = ?');
  const resetCount = db.prepare('UPDATE bins SET request_count = 0 WHERE id = ?');

  const params = (b: BinRecord) => ({
    id: b.id,
    named: b.named ? 1 : 0,
    createdAt: b.createdAt,
    lastActivityAt: b.lastActivityAt,
    maxRequests: b.maxRequests,
    ttlMs: b.ttlMs,
    settings: JSON.stringify(b.settings),
  });

  return {
    get: (id: string): BinRecord | undefined => cache.get(id),
    list: (): BinRecord[] => [...cache.values()],
    count: (): number => cache.size,
    create(bin: BinRecord): BinRecord {
      insert.run(params(bin));
      cache.set(bin.id, bin);
      return bin;
    },
    save(bin: BinRecord): BinRecord {
      update.run(params(bin));
      cache.set(bin.id, bin);
      return bin;
    },
    /** Removes the bin and everything it caught. */
    remove(id: string): boolean {
      const changed = db.transaction(() => {
        removeEvents.run(id);
        removeRequests.run(id);
        return removeBin.run(id).changes > 0;
      })();
      cache.delete(id);
      return changed;
    },
    /** Removes every request of the bin, keeps the bin. */
    clear(id: string): void {
      db.transaction(() => {
        removeEvents.run(id);
        removeRequests.run(id);
        resetCount.run(id);
      })();
      const bin = cache.get(id);
      if (bin) bin.requestCount = 0;
    },
  };
}
