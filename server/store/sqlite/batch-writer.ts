// The SQL of one group commit in SQLite (the queue is server/store/write-queue.ts): insert a batch of
// captured requests with their event keys and prune each touched bin down to its cap. No bins row is
// written: the counts it returns go to the bins cache, which bins.ts writes back at open and close.
// Runs synchronously on the event loop (a writer thread was measured and dropped: README, Benchmark).
// The in-memory events index is updated by the caller after COMMIT.
import { type NewRequest, responseJson, signatureJson } from '../request-row.js';
import type { BatchOutcome } from '../write-queue.js';
import type { Db } from './open-db.js';

export interface BatchWriterOptions {
  /** Cap for bins without their own max_requests (--max-requests). */
  defaultMaxRequests: number;
  /**
   * The bins cache: requests held and the bin's own cap, or undefined once it is deleted. Its count is
   * exact (every writer of requests moves it), so the batch reads no bin row.
   */
  bin: (id: string) => { requestCount: number; maxRequests: number | null } | undefined;
}

/** `keys[i]`: the stored event keys of `rows[i]` (server/store/terms.ts encodeEntries), or null. */
export type BatchWriter = (rows: NewRequest[], keys: readonly (string | null)[]) => BatchOutcome;

export function createBatchWriter(db: Db, opts: BatchWriterOptions): BatchWriter {
  const insertRequest = db.prepare(
    `INSERT INTO requests (bin_id, received_at, method, path, query, raw_headers, content_type, size, truncated, remote_address,
       body, sig_status, signature, decoder, event_count, event_names, response, retry_of, attempt, body_hash, event_keys)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The `excess` oldest requests of a bin, in one statement; RETURNING says up to which id.
  const pruneOldest = db.prepare(
    'DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE bin_id = ? ORDER BY id LIMIT ?) RETURNING id',
  ).pluck();

  return db.transaction((rows: NewRequest[], keys: readonly (string | null)[]): BatchOutcome => {
    const ids: number[] = [];
    const added = new Map<string, { n: number; lastAt: number }>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (!added.has(r.binId) && !opts.bin(r.binId)) {
        ids.push(-1); // the bin was deleted while its request was on the way: store nothing
        continue;
      }
      const id = Number(
        insertRequest.run(
          r.binId, r.receivedAt, r.method, r.path, r.query, JSON.stringify(r.rawHeaders), r.contentType, r.size,
          r.truncated ? 1 : 0, r.remoteAddress, r.body, r.signature.status, signatureJson(r.signature), r.decoder,
          r.events.length, r.events.length === 0 ? '[]' : JSON.stringify(r.events.map((e) => e.name)), responseJson(r.response),
          r.retryOf ?? null, r.attempt ?? null, r.bodyHash ?? null, keys[i],
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
      // The count is exact (see `bin`), so the cap needs no count(*): remove only the excess, oldest first.
      const state = opts.bin(binId) as { requestCount: number; maxRequests: number | null };
      const count = state.requestCount + n;
      const max = state.maxRequests ?? opts.defaultMaxRequests;
      let removed = 0;
      if (count > max) {
        const gone = pruneOldest.all(binId, count - max) as number[];
        removed = gone.length;
        if (removed > 0) pruned.push([binId, Math.max(...gone)]);
      }
      bins.push([binId, count - removed, lastAt]);
    }
    return { ids, pruned, bins };
  });
}
