// What forwarding did with each request: one row per request in `deliveries` (migration 2; the app's
// answer to a passthrough relay since migration 6: mode, response_headers, response_body), removed
// with the request by a trigger. Shown in the request detail as `forwarded`.
import type { Changes } from '../changes.js';
import type { DeliveryRecord, DeliveryStore, PassthroughRecord, StoredDelivery } from '../contract.js';
import type { Db } from './open-db.js';

interface DeliveryRow {
  url: string;
  status: number | null;
  duration_ms: number | null;
  error: string | null;
  at: number;
  mode: string | null;
  response_headers: string | null;
  response_body: Buffer | null;
}

export function createSqliteDeliveries(db: Db, changes: Changes): DeliveryStore {
  // Only for a request that still exists: a request deleted mid-delivery leaves no orphan row.
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO deliveries (request_id, bin_id, url, status, duration_ms, error, at, mode, response_headers, response_body)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM requests WHERE id = ?)`,
  );
  const answered = db.prepare('UPDATE requests SET response = ? WHERE id = ? AND bin_id = ?');
  const one = db.prepare('SELECT url, status, duration_ms, error, at, mode, response_headers, response_body FROM deliveries WHERE request_id = ? AND bin_id = ?');
  const passthrough = db.transaction((binId: string, requestId: number, d: PassthroughRecord): boolean => {
    const headers = d.answer === null ? null : JSON.stringify(d.answer.rawHeaders);
    upsert.run(requestId, binId, d.url, d.status, d.durationMs, d.error, d.at, 'passthrough', headers, d.answer?.body ?? null, requestId);
    return answered.run(JSON.stringify(d.response), requestId, binId).changes > 0;
  });
  return {
    async record(binId: string, requestId: number, d: DeliveryRecord): Promise<void> {
      upsert.run(requestId, binId, d.url, d.status, d.durationMs, d.error, d.at, null, null, null, requestId);
    },
    async recordPassthrough(binId: string, requestId: number, d: PassthroughRecord): Promise<void> {
      if (passthrough(binId, requestId, d)) changes.emit({ type: 'answered', binId, id: requestId, response: d.response });
    },
    async get(binId: string, requestId: number): Promise<StoredDelivery | null> {
      const row = one.get(requestId, binId) as DeliveryRow | undefined;
      if (!row) return null;
      const rec: StoredDelivery = { url: row.url, status: row.status, durationMs: row.duration_ms, error: row.error, at: row.at };
      if (row.mode !== 'passthrough') return rec;
      rec.mode = 'passthrough';
      if (row.response_headers !== null) rec.answer = { rawHeaders: JSON.parse(row.response_headers) as string[], body: row.response_body ?? Buffer.alloc(0) };
      return rec;
    },
  };
}
