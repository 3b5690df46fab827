// Group commit, for both engines: requests that arrive while the event loop is busy are written in
// one transaction, flushed as soon as the loop is free (setImmediate) or when a batch fills. Each
// caller's callback runs only after COMMIT, so an acknowledged request is durable (design.md,
// "Measured on a prototype"). The engine supplies the transaction (`commit`): synchronous for SQLite
// (no promise on the hot path), asynchronous for PostgreSQL (one batch in flight; what arrives
// meanwhile forms the next).
import type { RequestSummary } from '../../core/wire.js';
import type { BinRecord } from './bin-record.js';
import type { Changes } from './changes.js';
import { BinGoneError, type RequestWriter, type StoredCallback } from './contract.js';
import { type NewRequest, toSummary } from './request-row.js';

/** What a committed batch changed. */
export interface BatchOutcome {
  /** Request ids, in the order of the batch; -1 where the bin was deleted while the request was on the way. */
  ids: number[];
  /** [bin id, highest request id removed by the per-bin cap]. */
  pruned: [string, number][];
  /** [bin id, requests it holds now, newest receivedAt]: what the cached bin mirrors. */
  bins: [string, number, number][];
}

export type CommitBatch = (rows: NewRequest[]) => BatchOutcome | Promise<BatchOutcome>;

export interface WriteQueueOptions {
  commit: CommitBatch;
  /** The bins cache, to mirror counts after a commit. */
  bin: (id: string) => BinRecord | undefined;
  changes: Changes;
  maxBatch?: number;
  /** After every commit (size cap, WAL flusher). */
  afterCommit?: () => void;
}

interface Pending {
  request: NewRequest;
  done: StoredCallback;
}

export type WriteQueue = RequestWriter & { close(): Promise<void> };

function isPromise<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as Promise<T>)?.then === 'function';
}

export function createWriteQueue(opts: WriteQueueOptions): WriteQueue {
  const maxBatch = opts.maxBatch ?? 256;
  let pending: Pending[] = [];
  let scheduled = false;
  let closed = false;
  /** An asynchronous commit in flight (PostgreSQL); null for SQLite, whose commits finish in the call. */
  let inFlight: Promise<void> | null = null;
  let idle: (() => void)[] = [];

  function settle(p: Pending, err: Error | null, summary?: RequestSummary): void {
    try {
      p.done(err, summary);
    } catch {
      // One caller's failure must not keep the rest of the batch from its answer.
    }
  }

  function committed(batch: Pending[], outcome: BatchOutcome): void {
    const byBin = new Map<string, RequestSummary[]>();
    const summaries: (RequestSummary | null)[] = batch.map((p, i) => {
      const id = outcome.ids[i];
      if (id < 0) return null;
      const summary = toSummary(id, p.request);
      const list = byBin.get(p.request.binId);
      if (list) list.push(summary);
      else byBin.set(p.request.binId, [summary]);
      return summary;
    });
    for (const [binId, count, lastAt] of outcome.bins) {
      const bin = opts.bin(binId);
      if (!bin) continue;
      bin.requestCount = count;
      bin.lastActivityAt = Math.max(bin.lastActivityAt, lastAt);
    }
    for (const [binId, upTo] of outcome.pruned) opts.changes.emit({ type: 'pruned', binId, upTo });
    for (const [binId, requests] of byBin) opts.changes.emit({ type: 'requests', binId, requests, local: true });
    try {
      opts.afterCommit?.();
    } catch {
      // Background upkeep must never undo or delay an acknowledged write.
    }
    // After the announcement: live subscribers hear of a request no later than its sender gets the answer.
    batch.forEach((p, i) => {
      const summary = summaries[i];
      settle(p, summary ? null : new BinGoneError(p.request.binId), summary ?? undefined);
    });
  }

  function failed(batch: Pending[], err: Error): void {
    for (const p of batch) settle(p, err);
  }

  /** Commits one batch; returns a promise only when the engine's commit is asynchronous. */
  function commit(batch: Pending[]): Promise<void> | undefined {
    let result: BatchOutcome | Promise<BatchOutcome>;
    try {
      result = opts.commit(batch.map((p) => p.request));
    } catch (err) {
      failed(batch, err as Error);
      return undefined;
    }
    if (!isPromise(result)) {
      committed(batch, result);
      return undefined;
    }
    return result.then((outcome) => committed(batch, outcome), (err: Error) => failed(batch, err));
  }

  function take(): Pending[] {
    const batch = pending.length <= maxBatch ? pending : pending.slice(0, maxBatch);
    pending = pending.length <= maxBatch ? [] : pending.slice(maxBatch);
    return batch;
  }

  function flushNow(): void {
    scheduled = false;
    while (pending.length > 0 && inFlight === null) {
      const running = commit(take());
      if (running) {
        inFlight = running.then(() => {
          inFlight = null;
          flushNow();
        });
      }
    }
    if (pending.length === 0 && inFlight === null) {
      const waiting = idle;
      idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  return {
    write(request, done) {
      if (closed) return done(new Error('store is closed'));
      pending.push({ request, done });
      if (pending.length >= maxBatch && inFlight === null) flushNow();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flushNow);
      }
    },
    flush() {
      return new Promise<void>((resolve) => {
        idle.push(resolve);
        flushNow();
      });
    },
    async close() {
      await this.flush();
      closed = true;
    },
  };
}
