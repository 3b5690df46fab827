// What forwarding did with each request (server/forward/), one row per request. Written only while the
// request exists: the INSERT reads the request row FOR KEY SHARE, so a delete running at the same time
// either removed it first (nothing is written) or waits and then removes the delivery with it.
import type pg from 'pg';
import type { DeliveryRecord, DeliveryStore } from '../contract.js';

interface DeliveryRow {
  url: string;
  status: number | null;
  duration_ms: number | null;
  error: string | null;
  at: number;
}

export function createPgDeliveries(pool: pg.Pool): DeliveryStore {
  return {
    async record(binId: string, requestId: number, d: DeliveryRecord): Promise<void> {
      await pool.query(
        `INSERT INTO hookscope.deliveries (request_id, bin_id, url, status, duration_ms, error, at)
         SELECT r.id, r.bin_id, $3, $4, $5, $6, $7 FROM hookscope.requests r WHERE r.id = $1 AND r.bin_id = $2 FOR KEY SHARE
         ON CONFLICT (request_id) DO UPDATE SET url = excluded.url, status = excluded.status, duration_ms = excluded.duration_ms,
           error = excluded.error, at = excluded.at`,
        [requestId, binId, d.url, d.status, d.durationMs, d.error, d.at],
      );
    },
    async get(binId: string, requestId: number): Promise<DeliveryRecord | null> {
      const row = (
        await pool.query<DeliveryRow>('SELECT url, status, duration_ms, error, at FROM hookscope.deliveries WHERE request_id = $1 AND bin_id = $2', [requestId, binId])
      ).rows[0];
      return row ? { url: row.url, status: row.status, durationMs: row.duration_ms, error: row.error, at: row.at } : null;
    },
  };
}
