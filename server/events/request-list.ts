// GET /api/bins/:bin/requests: newest first. With an event filter (name, channel, event, userId) the
// page is driven from the store's events index: exact for one field or a name+channel pair, confirmed by
// decoding otherwise.
import type { RequestSummary } from '../../core/wire.js';
import type { RequestStore } from '../store/index.js';
import type { DecodedRequestLoader } from './decoded-requests.js';
import { isExact } from '../store/index.js';
import { type EventFilter, hasEventFilter, type RequestMatchFilter, requestRange } from './event-filter.js';
import { scanEvents } from './event-scan.js';

export interface RequestFilter extends EventFilter, RequestMatchFilter {
  after?: number;
  before?: number;
  limit: number;
  /** Free text: matched against path, query and body bytes. */
  q?: string;
}

export function createRequestList(requests: RequestStore, loader: DecodedRequestLoader) {
  return {
    async list(binId: string, f: RequestFilter): Promise<RequestSummary[]> {
      const range = { ...requestRange(f), after: f.after, before: f.before, q: f.q, order: 'desc' as const };
      if (!hasEventFilter(f)) return requests.summaries(binId, { ...range, limit: f.limit });
      const { name, channel, event, userId } = f;
      // The index answers one field (or a name+channel pair) exactly: nothing to decode.
      const events = { name, channel, event, userId };
      if (isExact(events)) return requests.summariesByEvents(binId, { ...range, events, limit: f.limit });
      const out: RequestSummary[] = [];
      await scanEvents(requests, loader, binId, { name, channel, event, userId }, range, ({ request }) => {
        out.push(request.summary);
        return out.length < f.limit;
      }, () => f.limit - out.length);
      return out;
    },
  };
}
