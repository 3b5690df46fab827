// Long-poll wait: answer with the first event matching a filter, already stored after `after` or
// arriving before the timeout. Subscribe to the hub first, then check the store, in the same
// synchronous turn: a commit publishes synchronously after COMMIT (write-queue.ts), so no request
// can slip between the two. Each waiter only looks at the summaries the hub hands it: a name check on
// eventNames, and a body decode (shared by all waiters of that commit) only when the names fit.
import type { DecodedEvent, RequestSummary } from '../../core/wire.js';
import type { Hub, LiveMessage } from '../live/hub.js';
import { AFTER_ALL, type EventPosition, isAfter } from './cursor.js';
import type { DecodedRequestLoader } from './decoded-requests.js';
import { eventMatches, hasEventFilter, requestMatches } from './event-filter.js';
import type { FirstMatch, WaitMatch } from './first-match.js';
import { type NearMiss, rankNearMisses, type WaitFilter } from './near-misses.js';

export type WaitOutcome =
  | { type: 'match'; match: WaitMatch }
  | { type: 'timeout'; after: EventPosition; nearMisses: NearMiss[] }
  | { type: 'aborted' }
  | { type: 'bin_deleted' };

export interface WaitOptions {
  /** Position after which a match counts; default: after the bin's newest request now (only new arrivals). */
  after?: EventPosition;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** How many of the window's newest requests are searched for near misses at timeout. */
const NEAR_MISS_SCAN = 100;

export type Waits = ReturnType<typeof createWaits>;

export function createWaits(hub: Hub, loader: DecodedRequestLoader, store: FirstMatch) {
  // One decode per committed request, however many waiters look at it: the hub hands every
  // listener the same summary objects.
  const decoded = new WeakMap<RequestSummary, DecodedEvent[]>();
  let active = 0;

  function eventsOf(binId: string, s: RequestSummary): DecodedEvent[] {
    if (s.eventCount === 0) return [];
    let events = decoded.get(s);
    if (!events) decoded.set(s, (events = loader.load(binId, [s.id]).get(s.id)?.events ?? []));
    return events;
  }

  /** The first match among freshly committed summaries, or null. */
  function matchIn(binId: string, f: WaitFilter, after: EventPosition, summaries: readonly RequestSummary[]): WaitMatch | null {
    const byEvent = hasEventFilter(f);
    for (const s of summaries) {
      if (s.id < after.requestId || !requestMatches(s, f)) continue;
      // A request without events matches a filter on request fields only (event: null).
      if (s.eventCount === 0 && !byEvent && s.id > after.requestId) return { event: null, request: s };
      if (s.eventCount === 0 || (f.name && !s.eventNames.includes(f.name))) continue;
      const event = eventsOf(binId, s).find((e) => isAfter(s.id, e.index, after) && (!byEvent || eventMatches(e, f)));
      if (event) return { event, request: s };
    }
    return null;
  }

  function wait(binId: string, f: WaitFilter, opts: WaitOptions): Promise<WaitOutcome> {
    const after = opts.after ?? { requestId: store.latestId(binId), index: AFTER_ALL };
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return resolve({ type: 'aborted' });
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      let unsubscribe = (): void => undefined;
      const release = (): boolean => {
        if (done) return false;
        done = true;
        active--;
        unsubscribe();
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const finish = (outcome: WaitOutcome | (() => WaitOutcome)) => {
        if (release()) resolve(typeof outcome === 'function' ? outcome() : outcome);
      };
      const onAbort = () => finish({ type: 'aborted' });
      const onMessage = (_bin: string, message: LiveMessage) => {
        if (message.type === 'bin_deleted') return finish({ type: 'bin_deleted' });
        if (message.type !== 'requests') return;
        const match = matchIn(binId, f, after, message.requests);
        if (match) finish({ type: 'match', match });
      };
      active++;
      // Subscribe first, then look at the store: see the header comment.
      unsubscribe = hub.subscribe(binId, onMessage);
      let stored: WaitMatch | null;
      try {
        stored = store.find(binId, f, after);
      } catch (err) {
        release();
        return reject(err as Error);
      }
      if (stored) return finish({ type: 'match', match: stored });
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => finish(() => timeoutOutcome(binId, f, after)), opts.timeoutMs);
    });
  }

  function timeoutOutcome(binId: string, f: WaitFilter, after: EventPosition): WaitOutcome {
    try {
      // From the `after` request itself on: its later events count when `after` named one of its events.
      const window = loader.recent(binId, after.requestId - 1, NEAR_MISS_SCAN);
      return { type: 'timeout', after, nearMisses: rankNearMisses(f, window, after) };
    } catch {
      // The store may be closing under a server shutdown: the timeout still answers.
      return { type: 'timeout', after, nearMisses: [] };
    }
  }

  return {
    wait,
    /** Waiters currently open (all bins). */
    active: () => active,
  };
}
