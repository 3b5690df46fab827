// What forwarding did with each request (server/forward/), one row per request; for a passthrough
// relay also the app's answer (mode, response_headers, response_body). Written only while the request
// exists: the INSERT reads the request row FOR KEY SHARE, so a delete running at the same time either
// removed it first (nothing is written) or waits and then removes the delivery with it.
import type pg from 'pg';
import type { Changes } from '../changes.js';
import type { DeliveryRecord, DeliveryStore, PassthroughRecord, StoredDelivery } from '../contract.js';
import { responseJson } from '../request-row.js';
import type { Notifier } from './notifier.js';
import { tx } from './tx.js';

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

const UPSERT = `INSERT INTO hookscope.deliveries (request_id, bin_id, url, status, duration_ms, error, at, mode, response_headers, response_body)
  SELECT r.id, r.bin_id, $3, $4, $5, $6, $7, $8, $9, $10 FROM hookscope.requests r WHERE r.id = $1 AND r.bin_id = $2 FOR KEY SHARE
  ON CONFLICT (request_id) DO UPDATE SET url = excluded.url, status = excluded.status, duration_ms = excluded.duration_ms,
    error = excluded.error, at = excluded.at, mode = excluded.mode, response_headers = excluded.response_headers,
    response_body = excluded.response_body`;

const bytes = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

export function createPgDeliveries(pool: pg.Pool, changes: Changes, notifier: Notifier): DeliveryStore {
  return {
    async record(binId: string, requestId: number, d: DeliveryRecord): Promise<void> {
      await pool.query(UPSERT, [requestId, binId, d.url, d.status, d.durationMs, d.error, d.at, null, null, null]);
    },
    async recordPassthrough(binId: string, requestId: number, d: PassthroughRecord): Promise<void> {
      const answered = await tx(pool, async (c) => {
        const headers = d.answer === null ? null : JSON.stringify(d.answer.rawHeaders);
        await c.query(UPSERT, [requestId, binId, d.url, d.status, d.durationMs, d.error, d.at, 'passthrough', headers, d.answer ? bytes(d.answer.body) : null]);
        const updated = await c.query('UPDATE hookscope.requests SET response = $1 WHERE id = $2 AND bin_id = $3', [responseJson(d.response), requestId, binId]);
        return (updated.rowCount ?? 0) > 0;
      });
      if (!answered) return;
      changes.emit({ type: 'answered', binId, id: requestId, response: d.response });
      notifier.send(['a', binId, requestId, d.response]);
    },
    async get(binId: string, requestId: number): Promise<StoredDelivery | null> {
      const row = (
        await pool.query<DeliveryRow>(
          'SELECT url, status, duration_ms, error, at, mode, response_headers, response_body FROM hookscope.deliveries WHERE request_id = $1 AND bin_id = $2',
          [requestId, binId],
        )
      ).rows[0];
      if (!row) return null;
      const rec: StoredDelivery = { url: row.url, status: row.status, durationMs: row.duration_ms, error: row.error, at: row.at };
      if (row.mode !== 'passthrough') return rec;
      rec.mode = 'passthrough';
      if (row.response_headers !== null) rec.answer = { rawHeaders: JSON.parse(row.response_headers) as string[], body: row.response_body ?? Buffer.alloc(0) };
      return rec;
    },
  };
}
