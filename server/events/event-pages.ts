// GET /api/bins/:bin/events: one page of decoded events across a bin's requests, newest first.
// Candidates come from the store's events index (no table scan even with a million stored requests);
// only those requests are read and decoded again to return full events.
import type { DecodedEvent, RequestSummary } from '../../core/wire.js';
import type { RequestStore } from '../store/index.js';
import { afterPosition, AFTER_ALL, beforePosition, type EventPosition, formatCursor, isAfter } from './cursor.js';
import type { DecodedRequestLoader } from './decoded-requests.js';
import type { EventFilter } from './event-filter.js';
import { scanEvents } from './event-scan.js';

export interface EventPageQuery extends EventFilter {
  /** Cursor "<requestId>[:<index>]", exclusive. */
  before?: string;
  after?: string;
  limit: number;
}

export type EventWithRequest = DecodedEvent & { request: RequestSummary };

export interface EventPage {
  events: EventWithRequest[];
  /** Pass as `before` for the next (older) page; null when this page is the last. */
  next: string | null;
}

const before = (e: { requestId: number; index: number }, p: EventPosition): boolean =>
  e.requestId < p.requestId || (e.requestId === p.requestId && e.index < p.index);

export function createEventPages(requests: RequestStore, loader: DecodedRequestLoader) {
  return {
    async page(binId: string, q: EventPageQuery): Promise<EventPage> {
      const upper = q.before === undefined ? undefined : beforePosition(q.before);
      const lower = q.after === undefined ? undefined : afterPosition(q.after);
      const { name, channel, event, userId } = q;
      const events: EventWithRequest[] = [];
      await scanEvents(requests, loader, binId, { name, channel, event, userId }, {
        order: 'desc',
        // The bounding requests themselves may hold events on the right side of a "<id>:<index>" cursor.
        ...(upper && { before: upper.requestId + (upper.index > 0 ? 1 : 0) }),
        ...(lower && { after: lower.index >= AFTER_ALL ? lower.requestId : lower.requestId - 1 }),
      }, ({ request, events: matching }) => {
        for (const e of matching) {
          if ((upper && !before(e, upper)) || (lower && !isAfter(e.requestId, e.index, lower))) continue;
          events.push({ ...e, request: request.summary });
          if (events.length === q.limit) return false;
        }
        return true;
      }, () => q.limit - events.length);
      const last = events.at(-1);
      return { events, next: events.length === q.limit && last ? formatCursor({ requestId: last.requestId, index: last.index }) : null };
    },
  };
}
