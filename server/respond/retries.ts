// Spots a sender's retries: the same bin, method, path, body (SHA-256) and signature header within a
// window. soketi does not retry, sockudo retries 5xx/408/409/425/429 with 1 s doubling backoff for up to
// 300 s, ts-broadcasting retries 5xx 3 times after 1, 2, 3 s, always with the identical signed body
// (formats.md 2.6, 3.5, 4.4). The map is a cache: after a restart, grouping starts afresh. It is one
// bounded map for all bins (measured ~400 bytes a group with a signature header, so ~40 MB at most):
// bins made by a flood of distinct bodies cannot grow it without limit.
import { hash } from 'node:crypto';
import { RecentMap } from './recent-map.js';

export const RETRY_WINDOW_MS = 10 * 60_000;
/** Groups kept across all bins, at most; the least recently seen go first (server/respond/recent-map.ts). */
export const MAX_GROUPS = 100_000;

export interface RetryFields {
  retryOf?: number;
  attempt?: number;
  bodyHash: string | null;
}

interface Group {
  /** Id of the group's first request, once its commit settled (undefined if its write failed). */
  firstId: number | undefined;
  /** Until then: retries waiting for that id (made only when a retry overtakes the first's commit). */
  waiting: ((id: number | undefined) => void)[] | null;
  settled: boolean;
  count: number;
  lastAt: number;
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

export function createRetryTracker(windowMs = RETRY_WINDOW_MS, maxGroups = MAX_GROUPS) {
  const groups = new RecentMap<Group>(maxGroups);
  let marks = 0;

  /** Synchronous: the attempt number is fixed before any await, in arrival order. */
  function mark(binId: string, input: RetryInput): RetryMark {
    if (++marks % 10_000 === 0) sweep(input.receivedAt);
    if (input.body.byteLength === 0) return NO_BODY;
    // One-shot hash (node:crypto hash(), Node >= 20.12): a third cheaper than createHash for small bodies.
    const bodyHash = hash('sha256', input.body, 'hex');
    const signature = signatureHeader(input.rawHeaders);
    const key = `${binId}\n${input.method} ${input.path}\n${signature}\n${bodyHash}`;
    const known = groups.get(key);
    if (known && input.receivedAt - known.lastAt <= windowMs) {
      known.count++;
      known.lastAt = input.receivedAt;
      const attempt = known.count;
      const fields = (retryOf: number | undefined): RetryFields =>
        retryOf === undefined ? { attempt, bodyHash } : { retryOf, attempt, bodyHash };
      // The common case: the first was acked long ago and its id is read at once.
      if (known.settled) return { fields: fields(known.firstId), committed: null };
      const waiting = (known.waiting ??= []);
      return { fields: new Promise<RetryFields>((resolve) => waiting.push((id) => resolve(fields(id)))), committed: null };
    }
    const group: Group = { firstId: undefined, waiting: null, settled: false, count: 1, lastAt: input.receivedAt };
    groups.set(key, group);
    return {
      fields: { attempt: 1, bodyHash },
      committed: (id) => {
        group.firstId = id;
        group.settled = true;
        if (group.waiting) for (const resume of group.waiting) resume(id);
        group.waiting = null;
      },
    };
  }

  /** Drops groups older than the window (amortized: every 10 000 marks). */
  function sweep(now: number): void {
    groups.retain((group) => now - group.lastAt <= windowMs);
  }

  /** Groups remembered, all bins (tests). */
  const groupCount = (): number => groups.size;

  return { mark, sweep, groupCount };
}
