// Stored requests decoded again: the events index only says where events may be; the raw bytes are
// the truth for what they contain. Every reader of events (pages, waits, near misses, filtered
// request lists) goes through here with the index's decode limit, so they all see what the index saw.
import type { DecodedEvent, RequestSummary } from '../../core/wire.js';
import type { RequestQuery, RequestStore, StoredRequest } from '../store/index.js';
import { decodeStoredEvents } from './decode-body.js';

export interface DecodedRequest {
  summary: RequestSummary;
  events: DecodedEvent[];
}

export type DecodedRequestLoader = ReturnType<typeof createDecodedRequestLoader>;

/** `limit`: decode limit of the index (indexLimit), so pages and waits see what the index saw. */
export function createDecodedRequestLoader(requests: RequestStore, limit: number) {
  // A store may hand out the same object for the same row again (server/store/row-cache.ts): its
  // decoded form is kept beside it for as long as the store keeps the row.
  const decoded = new WeakMap<StoredRequest, DecodedRequest>();

  function decode(stored: StoredRequest): DecodedRequest {
    let hit = decoded.get(stored);
    if (hit === undefined) decoded.set(stored, (hit = decodeOnce(stored)));
    return hit;
  }

  function decodeOnce(stored: StoredRequest): DecodedRequest {
    const { summary } = stored;
    const events =
      summary.eventCount === 0
        ? []
        : decodeStoredEvents(summary.id, { body: stored.body, contentType: summary.contentType, rawHeaders: stored.rawHeaders }, limit);
    return { summary, events };
  }

  return {
    decode,
    /** One request, decoded; undefined when it is gone. */
    async one(binId: string, id: number): Promise<DecodedRequest | undefined> {
      const stored = await requests.get(binId, id);
      return stored && decode(stored);
    },
    /** A range of requests, decoded (near misses of a wait: newest first). */
    async range(binId: string, q: RequestQuery): Promise<DecodedRequest[]> {
      return (await requests.query(binId, q)).map(decode);
    },
  };
}
