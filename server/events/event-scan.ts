// Walks the requests that may hold matching events (the store's index, a superset), decoding each and
// keeping the events that really match, in order, chunk by chunk until the caller has enough. The one
// loop behind event pages, filtered request lists and waits, so they cannot disagree.
import type { DecodedEvent } from '../../core/wire.js';
import type { EventFilter, RequestQuery, RequestStore } from '../store/index.js';
import type { DecodedRequest, DecodedRequestLoader } from './decoded-requests.js';
import { eventMatches } from './event-filter.js';

/** Requests read per round trip: what the caller still wants, within these bounds. */
const MIN_CHUNK = 16;
const MAX_CHUNK = 256;

export interface ScanStep {
  request: DecodedRequest;
  /** The request's events that match the filter, in the scan's order. */
  events: DecodedEvent[];
}

/**
 * Calls `visit` for each candidate request with at least one matching event, in the query's order,
 * until `visit` returns false or the candidates run out. `want` says how many more matching requests
 * the caller may still need (at most: a request can hold several events), so a page of 100 reads about
 * 100 rows and a wait for the first match a few, not a fixed chunk; a round that finds nothing doubles
 * the next.
 */
export async function scanEvents(
  requests: RequestStore,
  loader: DecodedRequestLoader,
  binId: string,
  filter: EventFilter,
  range: Omit<RequestQuery, 'limit'>,
  visit: (step: ScanStep) => boolean,
  want: () => number,
): Promise<void> {
  let floor = MIN_CHUNK;
  let q: RequestQuery = { ...range, limit: 0 };
  for (;;) {
    const limit = Math.min(MAX_CHUNK, Math.max(floor, want()));
    q = { ...q, limit };
    const chunk = await requests.queryByEvents(binId, { ...q, events: filter });
    let visited = 0;
    for (const stored of chunk) {
      const request = loader.decode(stored);
      const events = request.events.filter((e) => eventMatches(e, filter));
      if (range.order === 'desc') events.reverse();
      if (events.length === 0) continue;
      visited++;
      if (!visit({ request, events })) return;
    }
    if (chunk.length < limit) return;
    if (visited === 0) floor = Math.min(MAX_CHUNK, floor * 2);
    const last = chunk[chunk.length - 1].summary.id;
    q = range.order === 'asc' ? { ...q, after: last } : { ...q, before: last };
  }
}
