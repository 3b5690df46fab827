// Telling the other nodes: NOTIFY hookscope, sent AFTER the data transaction committed, never inside
// it (a NOTIFY in the writing transaction takes a database-wide lock at commit: -31% with 8 writers,
// issue 15). A wake-up only: receivers read what changed from the tables (feed.ts), so a lost
// notification delays, it does not lose (the feed's poll and resync catch up). Coalesced: while one
// notification is in flight, what the next commits change waits and goes out together.
import type pg from 'pg';
import type { ResponseRecord } from '../../../core/wire.js';

export const CHANNEL = 'hookscope';

/** One change, as it travels (compact: up to ~70 fit a notification). */
export type NodeChange =
  /** Requests committed: the bin's newest id, its count, newest receivedAt, rev, and the per-bin cap's prune (0: none). */
  | ['r', string, number, number, number, number, number]
  /** One request deleted: id, count, rev. */
  | ['d', string, number, number, number]
  /** Every request removed: rev. */
  | ['c', string, number]
  /** --max-db-size removed up to this id: upTo, count, rev. */
  | ['p', string, number, number, number]
  /** Bin created / bin removed: read the row again, forget the bin. */
  | ['n', string]
  | ['x', string]
  /** Settings saved: read the row again; 1 when `response` was PATCHed (scripts restart). */
  | ['s', string, 0 | 1]
  /** A passthrough request's final answer: id, response. */
  | ['a', string, number, ResponseRecord];

export interface NotifyPayload {
  /** The sending node (a node ignores its own). */
  n: string;
  c: NodeChange[];
}

const NOTIFY = "SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, p) FROM unnest($2::text[]) AS p";

/** PostgreSQL's payload limit is 8000 bytes; stay under it with room for the node id. */
const MAX_PAYLOAD = 7000;

export function encodePayloads(node: string, changes: NodeChange[]): string[] {
  const out: string[] = [];
  let batch: string[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length > 0) out.push(`{"n":${JSON.stringify(node)},"c":[${batch.join(',')}]}`);
    batch = [];
    size = 0;
  };
  for (const change of changes) {
    const text = JSON.stringify(change);
    if (size + text.length + 1 > MAX_PAYLOAD) flush();
    batch.push(text);
    size += text.length + 1;
  }
  flush();
  return out;
}

export type Notifier = ReturnType<typeof createNotifier>;

export function createNotifier(pool: pg.Pool, node: string) {
  let queue: NodeChange[] = [];
  let busy = false;
  let closed = false;
  let idle: (() => void)[] = [];

  async function pump(): Promise<void> {
    busy = true;
    while (queue.length > 0 && !closed) {
      const payloads = encodePayloads(node, queue);
      queue = [];
      try {
        // Its own transaction, committed without waiting for the WAL flush (a NOTIFY takes a transaction id,
        // so it would otherwise pay an fsync): listeners are signalled at commit either way, and a
        // notification lost in a crash of PostgreSQL loses nothing (the data committed before it).
        await pool.query({ name: 'hookscope_notify', text: NOTIFY, values: [CHANNEL, payloads] });
      } catch {
        // The database is unreachable: the other nodes lose their connection too and resync when it is back.
      }
    }
    busy = false;
    const waiting = idle;
    idle = [];
    for (const resolve of waiting) resolve();
  }

  return {
    send(...changes: NodeChange[]): void {
      if (closed || changes.length === 0) return;
      queue.push(...changes);
      if (!busy) void pump();
    },
    /** Resolves when nothing is waiting to be sent. */
    flush(): Promise<void> {
      if (!busy && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
    close(): void {
      closed = true;
      queue = [];
    },
  };
}
