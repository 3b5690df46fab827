// Walks the requests that may hold matching events (the store's index, a superset), decoding each and
// keeping the events that really match, in order, chunk by chunk until the caller has enough. The one
// loop behind event pages, filtered request lists and waits, so they cannot disagree.
import type { DecodedEvent } from '../../core/wire.js';
import type { EventFilter, RequestQuery, RequestStore } from '../store/index.js';
import type { DecodedRequest, DecodedRequestLoader } from './decoded-requests.js';
import { eventMatches } from './event-filter.js';

/** Requests read per round trip. */
const CHUNK = 64;

export interface ScanStep {
  request: DecodedRequest;
  /** The request's events that match the filter, in the scan's order. */
  events: DecodedEvent[];
}

/**
 * Calls `visit` for each candidate request with at least one matching event, in the query's order,
 * until `visit` returns false or the candidates run out.
 */
export async function scanEvents(
  requests: RequestStore,
  loader: DecodedRequestLoader,
  binId: string,
  filter: EventFilter,
  range: Omit<RequestQuery, 'limit'>,
  visit: (step: ScanStep) => boolean,
): Promise<void> {
  let q: RequestQuery = { ...range, limit: CHUNK };
  for (;;) {
    const chunk = await requests.queryByEvents(binId, { ...q, events: filter });
    for (const stored of chunk) {
      const request = loader.decode(stored);
      const events = request.events.filter((e) => eventMatches(e, filter));
      if (range.order === 'desc') events.reverse();
      if (events.length > 0 && !visit({ request, events })) return;
    }
    if (chunk.length < CHUNK) return;
    const last = chunk[chunk.length - 1].summary.id;
    q = range.order === 'asc' ? { ...q, after: last } : { ...q, before: last };
  }
}
