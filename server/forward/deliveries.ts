// What forwarding did with each request: one row per request in `deliveries` (migration 2), removed
// with the request by a trigger. Shown in the request detail as `forwarded`.
import type { Db } from '../store/open-db.js';

export interface DeliveryRecord {
  url: string;
  /** The target's status, or null when no answer came. */
  status: number | null;
  durationMs: number | null;
  /** Why there is no status: connection refused, timeout, dropped from a full queue, ... */
  error: string | null;
  /** Epoch ms when the result was recorded. */
  at: number;
}

interface DeliveryRow {
  url: string;
  status: number | null;
  duration_ms: number | null;
  error: string | null;
  at: number;
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;

function createDeliveryStore(db: Db) {
  // Only for a request that still exists: a request deleted mid-delivery leaves no orphan row.
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO deliveries (request_id, bin_id, url, status, duration_ms, error, at)
     SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM requests WHERE id = ?)`,
  );
  const one = db.prepare('SELECT url, status, duration_ms, error, at FROM deliveries WHERE request_id = ?');
  return {
    record(requestId: number, binId: string, d: DeliveryRecord): void {
      upsert.run(requestId, binId, d.url, d.status, d.durationMs, d.error, d.at, requestId);
    },
    get(requestId: number): DeliveryRecord | null {
      const row = one.get(requestId) as DeliveryRow | undefined;
      return row ? { url: row.url, status: row.status, durationMs: row.duration_ms, error: row.error, at: row.at } : null;
    },
  };
}

const stores = new WeakMap<Db, DeliveryStore>();

/** The delivery store of a database (statements prepared once per connection). */
export function deliveries(db: Db): DeliveryStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = createDeliveryStore(db)));
  return store;
}
