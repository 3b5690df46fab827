// Spots a sender's retries: the same bin, method, path, body (SHA-256) and signature header within a
// window. soketi does not retry, sockudo retries 5xx/408/409/425/429 with 1 s doubling backoff for up to
// 300 s, ts-broadcasting retries 5xx 3 times after 1, 2, 3 s, always with the identical signed body
// (formats.md 2.6, 3.5, 4.4). The table is a cache: after a restart, grouping starts afresh. It is one
// bounded table for all bins, its memory fixed at start (retry-table.ts: ~9 MB for 100,000 groups):
// bins made by a flood of distinct bodies cannot grow it.
import { hash } from 'node:crypto';
import { RetryTable } from './retry-table.js';

export const RETRY_WINDOW_MS = 10 * 60_000;
/** Groups kept across all bins, at most; the least recently seen go first (server/respond/retry-table.ts). */
export const MAX_GROUPS = 100_000;

export interface RetryFields {
  retryOf?: number;
  attempt?: number;
  bodyHash: string | null;
}

export interface RetryMark {
  /** Known at once, except for a retry whose first request is still being written. */
  fields: RetryFields | Promise<RetryFields>;
  /** Tells the group the id the first request got (or undefined when its write failed); null for a retry. */
  committed: ((id: number | undefined) => void) | null;
}

const NO_BODY: RetryMark = { fields: { bodyHash: null }, committed: null };

export interface RetryInput {
  method: string;
  path: string;
  rawHeaders: readonly string[];
  body: Uint8Array;
  receivedAt: number;
}

/** The first signature header (Pusher's wins over ts-broadcasting's), in one pass over the headers. */
function signatureHeader(rawHeaders: readonly string[]): string {
  let webhook: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name.length !== 18 && name.length !== 19) continue; // x-pusher-signature / x-webhook-signature
    const lower = name.toLowerCase();
    if (lower === 'x-pusher-signature') return rawHeaders[i + 1];
    if (lower === 'x-webhook-signature') webhook ??= rawHeaders[i + 1];
  }
  return webhook ?? '';
}

export type RetryTracker = ReturnType<typeof createRetryTracker>;

/** The group key: SHA-256 of bin, method, path, signature header and body hash, 128 bits as 4 int32. */
function groupKey(binId: string, input: RetryInput, signature: string, bodyHash: string): { words: Int32Array; text: string } {
  const digest = hash('sha256', `${binId}\n${input.method} ${input.path}\n${signature}\n${bodyHash}`, 'buffer');
  // Read, not viewed: a pooled Buffer's offset need not be a multiple of 4.
  const words = Int32Array.of(digest.readInt32LE(0), digest.readInt32LE(4), digest.readInt32LE(8), digest.readInt32LE(12));
  return { words, text: digest.toString('latin1', 0, 16) };
}

export function createRetryTracker(windowMs = RETRY_WINDOW_MS, maxGroups = MAX_GROUPS) {
  const groups = new RetryTable(maxGroups);
  /** Retries that overtook their first request's commit, by group key, until it settles (rare, short). */
  const waiting = new Map<string, ((id: number | undefined) => void)[]>();
  let marks = 0;

  /** Synchronous: the attempt number is fixed before any await, in arrival order. */
  function mark(binId: string, input: RetryInput): RetryMark {
    if (++marks % 10_000 === 0) sweep(input.receivedAt);
    if (input.body.byteLength === 0) return NO_BODY;
    // One-shot hash (node:crypto hash(), Node >= 20.12): a third cheaper than createHash for small bodies.
    const bodyHash = hash('sha256', input.body, 'hex');
    const signature = signatureHeader(input.rawHeaders);
    const key = groupKey(binId, input, signature, bodyHash);
    const known = groups.find(key.words);
    if (known >= 0 && input.receivedAt - groups.lastAt(known) <= windowMs) {
      groups.touch(known, input.receivedAt);
      const attempt = groups.count(known);
      const fields = (retryOf: number | undefined): RetryFields =>
        retryOf === undefined ? { attempt, bodyHash } : { retryOf, attempt, bodyHash };
      // The common case: the first was acked long ago and its id is read at once.
      if (groups.settled(known)) return { fields: fields(groups.firstId(known)), committed: null };
      let list = waiting.get(key.text);
      if (!list) waiting.set(key.text, (list = []));
      const queue = list;
      return { fields: new Promise<RetryFields>((resolve) => queue.push((id) => resolve(fields(id)))), committed: null };
    }
    // A new group (or one whose last attempt is older than the window): settled by the first's commit.
    groups.start(known >= 0 ? known : groups.insert(key.words), input.receivedAt);
    return {
      fields: { attempt: 1, bodyHash },
      committed: (id) => {
        const slot = groups.find(key.words);
        if (slot >= 0) groups.settle(slot, id);
        const resume = waiting.get(key.text);
        if (resume) {
          waiting.delete(key.text);
          for (const r of resume) r(id);
        }
      },
    };
  }

  /** Drops groups older than the window (amortized: every 10 000 marks). */
  function sweep(now: number): void {
    groups.retainByLastAt((lastAt) => now - lastAt <= windowMs);
  }

  /** Groups remembered, all bins (tests). */
  const groupCount = (): number => groups.size;

  return { mark, sweep, groupCount };
}
