// The oldest stored event (or request) after a given position that matches a wait's filter: found
// through the store's events index, confirmed by decoding the raw body again.
import type { DecodedEvent, RequestSummary } from '../../core/wire.js';
import type { RequestStore } from '../store/index.js';
import { AFTER_ALL, type EventPosition, isAfter } from './cursor.js';
import type { DecodedRequestLoader } from './decoded-requests.js';
import { hasEventFilter, requestMatches, requestRange } from './event-filter.js';
import { scanEvents } from './event-scan.js';
import type { WaitFilter } from './near-misses.js';

export interface WaitMatch {
  /** Null when the filter only named request fields and the request had no events. */
  event: DecodedEvent | null;
  request: RequestSummary;
}

export type FirstMatch = ReturnType<typeof createFirstMatch>;

export function createFirstMatch(requests: RequestStore, loader: DecodedRequestLoader) {
  async function byEvents(binId: string, f: WaitFilter, after: EventPosition): Promise<WaitMatch | null> {
    let match: WaitMatch | null = null;
    const { name, channel, event, userId } = f;
    await scanEvents(requests, loader, binId, { name, channel, event, userId }, {
      ...requestRange(f),
      order: 'asc',
      after: after.index >= AFTER_ALL ? after.requestId : after.requestId - 1,
    }, ({ request, events }) => {
      const found = events.find((e) => isAfter(e.requestId, e.index, after));
      if (found) match = { event: found, request: request.summary };
      return match === null;
    }, () => 1);
    return match;
  }

  /** No event filter: the next event of the `after` request itself, else the next matching request. */
  async function byRequest(binId: string, f: WaitFilter, after: EventPosition): Promise<WaitMatch | null> {
    const current = after.index < AFTER_ALL ? await loader.one(binId, after.requestId) : undefined;
    const rest = current && requestMatches(current.summary, f) ? current.events[after.index + 1] : undefined;
    if (current && rest) return { event: rest, request: current.summary };
    const [next] = await loader.range(binId, { ...requestRange(f), after: after.requestId, order: 'asc', limit: 1 });
    return next ? { event: next.events[0] ?? null, request: next.summary } : null;
  }

  return {
    /** Highest stored request id of the bin (0 when empty): "now" for a wait without `after`. */
    latestId: (binId: string): Promise<number> => requests.head(binId),
    /** The first match strictly after the position `after` (a bare request id: after all its events). */
    find(binId: string, f: WaitFilter, after: EventPosition): Promise<WaitMatch | null> {
      return hasEventFilter(f) ? byEvents(binId, f, after) : byRequest(binId, f, after);
    },
  };
}
