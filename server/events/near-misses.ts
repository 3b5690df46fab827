// When a wait times out, say what came instead: the received events (or event-less requests) that
// matched the most filter fields, each with the fields that differed. Computed once, at timeout,
// from the newest requests of the wait's window, so open waiters cost nothing for it meanwhile.
import type { DecodedEvent, RequestSummary } from '../../core/wire.js';
import { type EventPosition, isAfter } from './cursor.js';
import type { DecodedRequest } from './decoded-requests.js';
import { EVENT_FIELDS, type EventFilter, type RequestMatchFilter } from './event-filter.js';

export type WaitFilter = EventFilter & RequestMatchFilter;

export interface FieldDiff {
  field: keyof WaitFilter;
  expected: string;
  actual: string | null;
}

export interface NearMiss {
  event: DecodedEvent | null;
  request: RequestSummary;
  /** Filter fields this candidate satisfied. */
  matched: (keyof WaitFilter)[];
  /** Filter fields it did not satisfy... */
  differs: (keyof WaitFilter)[];
  /** ...with what was wanted and what came. */
  details: FieldDiff[];
}

function actualValue(field: keyof WaitFilter, event: DecodedEvent | null, request: RequestSummary): string | null {
  if (field === 'method') return request.method;
  if (field === 'signature') return request.signature.status;
  const value = event?.[field];
  return value === undefined ? null : value;
}

function compare(filter: WaitFilter, event: DecodedEvent | null, request: RequestSummary): NearMiss {
  const matched: (keyof WaitFilter)[] = [];
  const details: FieldDiff[] = [];
  const fields: (keyof WaitFilter)[] = [...EVENT_FIELDS, 'method', 'signature'];
  for (const field of fields) {
    const expected = filter[field];
    if (expected === undefined || expected === '') continue;
    const want = field === 'method' ? expected.toUpperCase() : expected;
    const actual = actualValue(field, event, request);
    if (actual === want) matched.push(field);
    else details.push({ field, expected: want, actual });
  }
  return { event, request, matched, differs: details.map((d) => d.field), details };
}

/** Up to `limit` arrivals after `after`, most matching fields first, then newest first. */
export function rankNearMisses(filter: WaitFilter, requests: readonly DecodedRequest[], after: EventPosition, limit = 10): NearMiss[] {
  const candidates: NearMiss[] = [];
  for (const { summary, events } of requests) {
    if (events.length === 0 && summary.id > after.requestId) candidates.push(compare(filter, null, summary));
    for (const event of events) if (isAfter(summary.id, event.index, after)) candidates.push(compare(filter, event, summary));
  }
  const misses = candidates.filter((c) => c.differs.length > 0);
  misses.sort(
    (a, b) =>
      b.matched.length - a.matched.length ||
      b.request.id - a.request.id ||
      (b.event?.index ?? 0) - (a.event?.index ?? 0),
  );
  return misses.slice(0, limit);
}
