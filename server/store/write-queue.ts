// Group commit: requests that arrive while the event loop is busy are written in one transaction,
// flushed as soon as the loop is free (setImmediate) or when a batch fills. Each caller's promise
// resolves only after COMMIT, so an acknowledged request is durable (design.md, "Measured on a prototype").
import type { RequestSummary } from '../../core/wire.js';
import type { BinStore } from './bins.js';
import type { Db } from './open-db.js';
import { type NewRequest, toSummary } from './request-row.js';

export interface CommitBatch {
  /** Summaries of the stored requests, in id order. */
  stored: RequestSummary[];
  /** Per bin, the highest request id removed by pruning. */
  pruned: Map<string, number>;
}

export interface WriteQueueOptions {
  maxBatch?: number;
  defaultMaxRequests: number;
  now: () => number;
  onCommit: (batch: CommitBatch) => void;
}

interface Pending {
  request: NewRequest;
  resolve: (summary: RequestSummary) => void;
  reject: (err: Error) => void;
}

export type WriteQueue = ReturnType<typeof createWriteQueue>;

export function createWriteQueue(db: Db, bins: BinStore, opts: WriteQueueOptions) {
  const maxBatch = opts.maxBatch ?? 256;
  let pending: Pending[] = [];
  let scheduled = false;
  let closed = false;

  const insertRequest = db.prepare(
    `INSERT INTO requests (bin_id, received_at, method, path, query, raw_headers, content_type, size, truncated,
       remote_address, body, sig_status, signature, decoder, event_count, event_names, response, retry_of, attempt, body_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    'INSERT INTO events (request_id, idx, bin_id, name, channel, event, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const touchBin = db.prepare('UPDATE bins SET last_activity_at = ?, request_count = ? WHERE id = ?');
  const nthNewest = db.prepare('SELECT id FROM requests WHERE bin_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?').pluck();
  const pruneRequests = db.prepare('DELETE FROM requests WHERE bin_id = ? AND id <= ?');
  const pruneEvents = db.prepare('DELETE FROM events WHERE bin_id = ? AND request_id <= ?');
  const countRequests = db.prepare('SELECT count(*) FROM requests WHERE bin_id = ?').pluck();
  const nthOldest = db.prepare('SELECT id FROM requests WHERE bin_id = ? ORDER BY id LIMIT 1 OFFSET ?').pluck();
  let prunes = 0;

  const writeBatch = db.transaction((batch: Pending[]): CommitBatch => {
    const stored: RequestSummary[] = [];
    const perBin = new Map<string, number>();
    for (const { request: r } of batch) {
      const id = Number(
        insertRequest.run(
          r.binId, r.receivedAt, r.method, r.path, r.query, JSON.stringify(r.rawHeaders), r.contentType, r.size,
          r.truncated ? 1 : 0, r.remoteAddress, r.body, r.signature.status, JSON.stringify(r.signature), r.decoder,
          r.events.length, JSON.stringify(r.events.map((e) => e.name)), r.response ? JSON.stringify(r.response) : null,
          r.retryOf ?? null, r.attempt ?? null, r.bodyHash ?? null,
        ).lastInsertRowid,
      );
      r.events.forEach((e, i) => insertEvent.run(id, i, r.binId, e.name, e.channel ?? null, e.event ?? null, e.userId ?? null));
      stored.push(toSummary(id, r));
      perBin.set(r.binId, (perBin.get(r.binId) ?? 0) + 1);
    }
    const pruned = new Map<string, number>();
    const now = opts.now();
    for (const [binId, added] of perBin) {
      const bin = bins.get(binId);
      if (!bin) continue;
      let count = bin.requestCount + added;
      const max = bin.maxRequests ?? opts.defaultMaxRequests;
      if (count > max) {
        // Fast path: walk only the excess from the oldest end and keep the count by arithmetic.
        // Every 64th prune walks `max` rows from the newest end and recounts, so a drifted in-memory
        // count heals. Doing that on every commit cost ~1/3 of ingest (bench/, small group commits).
        const exact = ++prunes % 64 === 0;
        const cutoff = (exact ? nthNewest.get(binId, max) : nthOldest.get(binId, count - max - 1)) as number | undefined;
        if (cutoff !== undefined) {
          pruneEvents.run(binId, cutoff);
          count -= pruneRequests.run(binId, cutoff).changes;
          pruned.set(binId, cutoff);
        }
        if (exact || cutoff === undefined) count = countRequests.get(binId) as number;
      }
      touchBin.run(now, count, binId);
      bin.requestCount = count;
      bin.lastActivityAt = now;
    }
    return { stored, pruned };
  });

  function flush(): void {
    scheduled = false;
    while (pending.length > 0) {
      const batch = pending.length <= maxBatch ? pending : pending.slice(0, maxBatch);
      pending = pending.length <= maxBatch ? [] : pending.slice(maxBatch);
      let result: CommitBatch;
      try {
        result = writeBatch(batch);
      } catch (err) {
        for (const p of batch) p.reject(err as Error);
        continue;
      }
      result.stored.forEach((summary, i) => batch[i].resolve(summary));
      try {
        opts.onCommit(result);
      } catch {
        // A subscriber's failure must never undo or delay an acknowledged write.
      }
    }
  }

  return {
    enqueue(request: NewRequest): Promise<RequestSummary> {
      if (closed) return Promise.reject(new Error('store is closed'));
      return new Promise((resolve, reject) => {
        pending.push({ request, resolve, reject });
        if (pending.length >= maxBatch) flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    /** Writes what is pending now (used by close and tests). */
    flush,
    close(): void {
      flush();
      closed = true;
    },
  };
}
