// The SQL of one group commit in SQLite (the queue is server/store/write-queue.ts): insert a batch of
// captured requests with their index terms, prune each touched bin down to its cap, keep
// bins.request_count exact in SQL. Runs synchronously on the event loop (a writer thread was measured
// and dropped: README, Benchmark). The in-memory events index is updated by the caller after COMMIT.
import { encodeTerms } from '../terms.js';
import { type NewRequest, responseJson, signatureJson } from '../request-row.js';
import type { BatchOutcome } from '../write-queue.js';
import type { Db } from './open-db.js';

export interface BatchWriterOptions {
  /** Cap for bins without their own max_requests (--max-requests). */
  defaultMaxRequests: number;
}

/** `terms[i]`: the index terms of `rows[i]` (server/store/terms.ts termsOf). */
export type BatchWriter = (rows: NewRequest[], terms: readonly string[][]) => BatchOutcome;

export function createBatchWriter(db: Db, opts: BatchWriterOptions): BatchWriter {
  const insertRequest = db.prepare(
    `INSERT INTO requests (bin_id, received_at, method, path, query, raw_headers, content_type, size, truncated, remote_address,
       body, sig_status, signature, decoder, event_count, event_names, response, retry_of, attempt, body_hash, terms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const binState = db.prepare('SELECT request_count AS count, max_requests AS max FROM bins WHERE id = ?');
  const touchBin = db.prepare(
    'UPDATE bins SET request_count = request_count + ?, last_activity_at = max(last_activity_at, ?) WHERE id = ?',
  );
  const nthOldest = db.prepare('SELECT id FROM requests WHERE bin_id = ? ORDER BY id LIMIT 1 OFFSET ?').pluck();
  const pruneRequests = db.prepare('DELETE FROM requests WHERE bin_id = ? AND id <= ?');

  return db.transaction((rows: NewRequest[], terms: readonly string[][]): BatchOutcome => {
    const ids: number[] = [];
    const states = new Map<string, { count: number; max: number | null } | undefined>();
    const added = new Map<string, { n: number; lastAt: number }>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
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
          r.retryOf ?? null, r.attempt ?? null, r.bodyHash ?? null, encodeTerms(terms[i]),
        ).lastInsertRowid,
      );
      ids.push(id);
      const a = added.get(r.binId);
      if (a) {
        a.n++;
        a.lastAt = Math.max(a.lastAt, r.receivedAt);
      } else added.set(r.binId, { n: 1, lastAt: r.receivedAt });
    }
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
          removed = pruneRequests.run(binId, cutoff).changes;
          pruned.push([binId, cutoff]);
        }
      }
      touchBin.run(n - removed, lastAt, binId);
      bins.push([binId, count - removed, lastAt]);
    }
    return { ids, pruned, bins };
  });
}
