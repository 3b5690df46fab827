// Long-poll wait: answer with the first event matching a filter, already stored after `after` or
// arriving before the timeout. Subscribe to the hub first, then look at the store (contract.ts: reads
// are asynchronous, so a request committed in between is seen twice, never zero times); what arrives
// while the store is being searched is held and checked after it, in commit order. Each waiter only
// looks at the summaries the hub hands it: a name check on eventNames, and a body decode (shared by
// all waiters of that commit) only when the names fit.
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

/**
 * Where live commits are checked from when `after` is left to its default (now): whatever the hub
 * announces once the wait has subscribed is a new arrival, even when the store's head, read a moment
 * later, already includes it (a commit landing between the subscription and that read).
 */
const SINCE_SUBSCRIBED: EventPosition = { requestId: 0, index: AFTER_ALL };

/** How many of the window's newest requests are searched for near misses at timeout. */
const NEAR_MISS_SCAN = 100;

export type Waits = ReturnType<typeof createWaits>;

export function createWaits(hub: Hub, loader: DecodedRequestLoader, store: FirstMatch) {
  // One decode per committed request, however many waiters look at it: the hub hands every
  // listener the same summary objects.
  const decoded = new WeakMap<RequestSummary, Promise<DecodedEvent[]>>();
  let active = 0;

  function eventsOf(binId: string, s: RequestSummary): Promise<DecodedEvent[]> {
    let events = decoded.get(s);
    if (!events) decoded.set(s, (events = loader.one(binId, s.id).then((d) => d?.events ?? [], () => [])));
    return events;
  }

  /** The first match among freshly committed summaries, or null. */
  async function matchIn(binId: string, f: WaitFilter, after: EventPosition, summaries: readonly RequestSummary[]): Promise<WaitMatch | null> {
    const byEvent = hasEventFilter(f);
    for (const s of summaries) {
      if (s.id < after.requestId || !requestMatches(s, f)) continue;
      // A request without events matches a filter on request fields only (event: null).
      if (s.eventCount === 0 && !byEvent && s.id > after.requestId) return { event: null, request: s };
      if (s.eventCount === 0 || (f.name && !s.eventNames.includes(f.name))) continue;
      const event = (await eventsOf(binId, s)).find((e) => isAfter(s.id, e.index, after) && (!byEvent || eventMatches(e, f)));
      if (event) return { event, request: s };
    }
    return null;
  }

  function wait(binId: string, f: WaitFilter, opts: WaitOptions): Promise<WaitOutcome> {
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return resolve({ type: 'aborted' });
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      let after = opts.after;
      /** Commits announced while the store is searched: checked after it, in order. */
      let held: (readonly RequestSummary[])[] | null = [];
      /** Checks of live commits, one after the other (each may wait for a decode). */
      let checking: Promise<void> = Promise.resolve();
      const release = (): boolean => {
        if (done) return false;
        done = true;
        active--;
        unsubscribe();
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const finish = (outcome: WaitOutcome) => {
        if (release()) resolve(outcome);
      };
      const fail = (err: Error) => {
        if (release()) reject(err);
      };
      const check = (summaries: readonly RequestSummary[]): void => {
        checking = checking.then(async () => {
          if (done) return;
          const match = await matchIn(binId, f, opts.after ?? SINCE_SUBSCRIBED, summaries);
          if (match) finish({ type: 'match', match });
        }).catch(fail);
      };
      const onAbort = () => finish({ type: 'aborted' });
      const onMessage = (_bin: string, message: LiveMessage) => {
        if (message.type === 'bin_deleted') return finish({ type: 'bin_deleted' });
        if (message.type !== 'requests') return;
        if (held) held.push(message.requests);
        else check(message.requests);
      };
      active++;
      // Subscribe first, then look at the store: see the header comment.
      const unsubscribe = hub.subscribe(binId, onMessage);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      void (async () => {
        after ??= { requestId: await store.latestId(binId), index: AFTER_ALL };
        const stored = await store.find(binId, f, after);
        if (stored) return finish({ type: 'match', match: stored });
        const early = held ?? [];
        held = null;
        for (const summaries of early) check(summaries);
        if (!done) timer = setTimeout(() => void timeoutOutcome(binId, f, after as EventPosition).then(finish), opts.timeoutMs);
      })().catch(fail);
    });
  }

  async function timeoutOutcome(binId: string, f: WaitFilter, after: EventPosition): Promise<WaitOutcome> {
    try {
      // From the `after` request itself on: its later events count when `after` named one of its events.
      const window = await loader.range(binId, { after: after.requestId - 1, order: 'desc', limit: NEAR_MISS_SCAN });
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
