// The SQL of one group commit in SQLite (the queue is server/store/write-queue.ts): insert a batch of captured requests and
// their event index rows, prune each touched bin down to its cap, keep bins.request_count exact in SQL.
// Runs synchronously on the event loop (a writer thread was measured and dropped: README, Benchmark).
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-db.js';
import { type NewRequest, responseJson, signatureJson } from '../request-row.js';
import type { BatchOutcome } from '../write-queue.js';

export interface BatchWriterOptions {
  /** Cap for bins without their own max_requests (--max-requests). */
  defaultMaxRequests: number;
}

export type BatchWriter = (rows: NewRequest[]) => BatchOutcome;

const EVENT_INSERT = 'INSERT INTO events (request_id, idx, bin_id, name, channel, event, user_id) VALUES ';

/** Rows per INSERT at most: 128 x 7 parameters stays far below SQLite's 32 766 (sqlite.org/limits.html). */
const ROWS_PER_INSERT = 128;

/**
 * `insert(values, rows)`: inserts `rows` rows whose `columns` values each lie flat in `values`, in
 * statements of up to ROWS_PER_INSERT rows.
 */
function multiRowInsert(db: Db, head: string, columns: number): (values: unknown[], rows: number) => void {
  const tuple = `(${new Array(columns).fill('?').join(', ')})`;
  const byRows = new Map<number, Statement<unknown[]>>();
  const statement = (rows: number): Statement<unknown[]> => {
    let stmt = byRows.get(rows);
    if (!stmt) byRows.set(rows, (stmt = db.prepare<unknown[]>(head + new Array(rows).fill(tuple).join(', '))));
    return stmt;
  };
  return (values, rows) => {
    for (let done = 0; done < rows; done += ROWS_PER_INSERT) {
      const n = Math.min(ROWS_PER_INSERT, rows - done);
      statement(n).run(done === 0 && n === rows ? values : values.slice(done * columns, (done + n) * columns));
    }
  };
}

export function createBatchWriter(db: Db, opts: BatchWriterOptions): BatchWriter {
  const insertRequest = db.prepare(
    `INSERT INTO requests (bin_id, received_at, method, path, query, raw_headers, content_type, size, truncated,
       remote_address, body, sig_status, signature, decoder, event_count, event_names, response, retry_of, attempt, body_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The event index rows of a whole batch in multi-row INSERTs (a statement per row count, prepared on
  // first use): -7% per 11-event Pusher batch against one statement per event. For requests the same
  // measured no gain (binding 20 values per row is the cost, not the statement), so they stay one each.
  const insertEvents = multiRowInsert(db, EVENT_INSERT, 7);
  const binState = db.prepare('SELECT request_count AS count, max_requests AS max FROM bins WHERE id = ?');
  const touchBin = db.prepare(
    'UPDATE bins SET request_count = request_count + ?, last_activity_at = max(last_activity_at, ?) WHERE id = ?',
  );
  const nthOldest = db.prepare('SELECT id FROM requests WHERE bin_id = ? ORDER BY id LIMIT 1 OFFSET ?').pluck();
  const pruneRequests = db.prepare('DELETE FROM requests WHERE bin_id = ? AND id <= ?');
  const pruneEvents = db.prepare('DELETE FROM events WHERE bin_id = ? AND request_id <= ?');

  const write = db.transaction((rows: NewRequest[]): BatchOutcome => {
    const ids: number[] = [];
    const states = new Map<string, { count: number; max: number | null } | undefined>();
    const added = new Map<string, { n: number; lastAt: number }>();
    const eventValues: unknown[] = [];
    let eventCount = 0;
    for (const r of rows) {
      if (!states.has(r.binId)) states.set(r.binId, binState.get(r.binId) as { count: number; max: number | null } | undefined);
      if (!states.get(r.binId)) {
        ids.push(-1); // the bin was deleted while its request was on the way: store nothing
        continue;
      }
      const id = Number(
        insertRequest.run(
          r.binId, r.receivedAt, r.method, r.path, r.query, JSON.stringify(r.rawHeaders), r.contentType, r.size,
          r.truncated ? 1 : 0, r.remoteAddress, r.body, r.signature.status, signatureJson(r.signature), r.decoder,
          r.events.length, r.events.length === 0 ? '[]' : JSON.stringify(r.events.map((e) => e.name)), responseJson(r.response),
          r.retryOf ?? null, r.attempt ?? null, r.bodyHash ?? null,
        ).lastInsertRowid,
      );
      ids.push(id);
      for (let j = 0; j < r.events.length; j++) {
        const e = r.events[j];
        eventValues.push(id, j, r.binId, e.name, e.channel ?? null, e.event ?? null, e.userId ?? null);
        eventCount++;
      }
      const a = added.get(r.binId);
      if (a) {
        a.n++;
        a.lastAt = Math.max(a.lastAt, r.receivedAt);
      } else added.set(r.binId, { n: 1, lastAt: r.receivedAt });
    }
    if (eventCount > 0) insertEvents(eventValues, eventCount);
    const pruned: [string, number][] = [];
    const bins: [string, number, number][] = [];
    for (const [binId, { n, lastAt }] of added) {
      // bins.request_count is kept exact in SQL by every statement that adds or removes requests, so the
      // cap needs no count(*): walk only the excess from the oldest end.
      const state = states.get(binId) as { count: number; max: number | null };
      const count = state.count + n;
      const max = state.max ?? opts.defaultMaxRequests;
      let removed = 0;
      if (count > max) {
        const cutoff = nthOldest.get(binId, count - max - 1) as number | undefined;
        if (cutoff !== undefined) {
          pruneEvents.run(binId, cutoff);
          removed = pruneRequests.run(binId, cutoff).changes;
          pruned.push([binId, cutoff]);
        }
      }
      touchBin.run(n - removed, lastAt, binId);
      bins.push([binId, count - removed, lastAt]);
    }
    return { ids, pruned, bins };
  });
  return write;
}
