// Group commit: requests that arrive while the event loop is busy are written in one transaction,
// flushed as soon as the loop is free (setImmediate) or when a batch fills. Each caller's callback
// runs only after COMMIT, so an acknowledged request is durable (design.md, "Measured on a prototype").
// The SQL of a batch is server/store/batch-writer.ts.
import type { RequestSummary } from '../../core/wire.js';
import { createBatchWriter } from './batch-writer.js';
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
  /** Cap for bins without their own (--max-requests). */
  defaultMaxRequests: number;
  onCommit: (batch: CommitBatch) => void;
}

/** Called once, after COMMIT (or the failed write): the capture path's callback, no promise per request. */
export type StoredCallback = (err: Error | null, summary?: RequestSummary) => void;

interface Pending {
  request: NewRequest;
  done: StoredCallback;
}

/** The bin was deleted between the capture and the commit: nothing was stored. */
export class BinGoneError extends Error {
  constructor(binId: string) {
    super(`bin "${binId}" was deleted while the request was being stored`);
  }
}

export type WriteQueue = ReturnType<typeof createWriteQueue>;

export function createWriteQueue(db: Db, bins: BinStore, opts: WriteQueueOptions) {
  const maxBatch = opts.maxBatch ?? 256;
  const writeBatch = createBatchWriter(db, { defaultMaxRequests: opts.defaultMaxRequests });
  let pending: Pending[] = [];
  let scheduled = false;
  let closed = false;

  function commit(batch: Pending[]): void {
    let outcome: ReturnType<typeof writeBatch>;
    try {
      outcome = writeBatch(batch.map((p) => p.request));
    } catch (err) {
      for (const p of batch) settle(p, err as Error);
      return;
    }
    const stored: RequestSummary[] = [];
    const summaries: (RequestSummary | null)[] = batch.map((p, i) => {
      const id = outcome.ids[i];
      if (id < 0) return null;
      const summary = toSummary(id, p.request);
      stored.push(summary);
      return summary;
    });
    for (const [binId, count, lastAt] of outcome.bins) {
      const bin = bins.get(binId);
      if (!bin) continue;
      bin.requestCount = count;
      bin.lastActivityAt = Math.max(bin.lastActivityAt, lastAt);
    }
    try {
      opts.onCommit({ stored, pruned: new Map(outcome.pruned) });
    } catch {
      // A subscriber's failure must never undo or delay an acknowledged write.
    }
    // After onCommit: live subscribers hear of a request no later than its sender gets the answer.
    batch.forEach((p, i) => {
      const summary = summaries[i];
      settle(p, summary ? null : new BinGoneError(p.request.binId), summary ?? undefined);
    });
  }

  function settle(p: Pending, err: Error | null, summary?: RequestSummary): void {
    try {
      p.done(err, summary);
    } catch {
      // One caller's failure must not keep the rest of the batch from its answer.
    }
  }

  function flush(): void {
    scheduled = false;
    while (pending.length > 0) {
      const batch = pending.length <= maxBatch ? pending : pending.slice(0, maxBatch);
      pending = pending.length <= maxBatch ? [] : pending.slice(maxBatch);
      commit(batch);
    }
  }

  /** Queues a request for the next group commit; `done` runs after COMMIT. */
  function write(request: NewRequest, done: StoredCallback): void {
    if (closed) return done(new Error('store is closed'));
    pending.push({ request, done });
    if (pending.length >= maxBatch) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  }

  return {
    write,
    /** Writes what is pending now (used by close and tests). */
    flush,
    close(): void {
      flush();
      closed = true;
    },
  };
}
