// What forwarding did with each request: one row per request in `deliveries` (migration 2), removed
// with the request by a trigger. Shown in the request detail as `forwarded`.
import type { DeliveryRecord, DeliveryStore } from '../contract.js';
import type { Db } from './open-db.js';

interface DeliveryRow {
  url: string;
  status: number | null;
  duration_ms: number | null;
  error: string | null;
  at: number;
}

export function createSqliteDeliveries(db: Db): DeliveryStore {
  // Only for a request that still exists: a request deleted mid-delivery leaves no orphan row.
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO deliveries (request_id, bin_id, url, status, duration_ms, error, at)
     SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM requests WHERE id = ?)`,
  );
  const one = db.prepare('SELECT url, status, duration_ms, error, at FROM deliveries WHERE request_id = ? AND bin_id = ?');
  return {
    async record(binId: string, requestId: number, d: DeliveryRecord): Promise<void> {
      upsert.run(requestId, binId, d.url, d.status, d.durationMs, d.error, d.at, requestId);
    },
    async get(binId: string, requestId: number): Promise<DeliveryRecord | null> {
      const row = one.get(requestId, binId) as DeliveryRow | undefined;
      return row ? { url: row.url, status: row.status, durationMs: row.duration_ms, error: row.error, at: row.at } : null;
    },
  };
}
