// The oldest stored event (or request) after a given request id that matches a wait's filter:
// found through the events indexes, confirmed by decoding the raw body again.
import type { DecodedEvent, RequestSummary } from '../../core/wire.js';
import type { Db } from '../store/open-db.js';
import type { EventPosition } from './cursor.js';
import type { DecodedRequestLoader } from './decoded-requests.js';
import { eventMatches, eventTerms, hasEventFilter, requestMatches, requestTerms } from './event-filter.js';
import type { WaitFilter } from './near-misses.js';
import { createStatementCache } from '../store/statement-cache.js';

export interface WaitMatch {
  /** Null when the filter only named request fields and the request had no events. */
  event: DecodedEvent | null;
  request: RequestSummary;
}

const CHUNK = 50;

export type FirstMatch = ReturnType<typeof createFirstMatch>;

export function createFirstMatch(db: Db, loader: DecodedRequestLoader) {
  const prepared = createStatementCache(db);
  const maxId = db.prepare('SELECT max(id) FROM requests WHERE bin_id = ?').pluck();

  /** Oldest index positions after `from` matching the filter (exposed for EXPLAIN in tests). */
  function eventsQuery(binId: string, f: WaitFilter, from: EventPosition): { sql: string; args: (string | number)[] } {
    const ev = eventTerms(f, 'e');
    const req = requestTerms(f, 'r');
    const join = req.terms.length > 0 ? ' JOIN requests r ON r.id = e.request_id' : '';
    const sql = `SELECT e.request_id, e.idx FROM events e${join}
      WHERE ${['e.bin_id = ?', ...ev.terms, '(e.request_id, e.idx) > (?, ?)', ...req.terms].join(' AND ')}
      ORDER BY e.request_id, e.idx LIMIT ${CHUNK}`;
    return { sql, args: [binId, ...ev.args, from.requestId, from.index, ...req.args] };
  }

  function byEvents(binId: string, f: WaitFilter, after: EventPosition): WaitMatch | null {
    let from = after;
    for (;;) {
      const { sql, args } = eventsQuery(binId, f, from);
      const rows = prepared(sql).all(...args) as { request_id: number; idx: number }[];
      const requests = loader.load(binId, rows.map((r) => r.request_id));
      for (const row of rows) {
        const found = requests.get(row.request_id);
        const event = found?.events[row.idx];
        if (found && event && eventMatches(event, f) && requestMatches(found.summary, f)) return { event, request: found.summary };
      }
      if (rows.length < CHUNK) return null;
      const last = rows[rows.length - 1];
      from = { requestId: last.request_id, index: last.idx };
    }
  }

  /** No event filter: the next event of the `after` request itself, else the next matching request. */
  function byRequest(binId: string, f: WaitFilter, after: EventPosition): WaitMatch | null {
    const current = loader.load(binId, [after.requestId]).get(after.requestId);
    const rest = current && requestMatches(current.summary, f) ? current.events[after.index + 1] : undefined;
    if (current && rest) return { event: rest, request: current.summary };
    const req = requestTerms(f, 'r');
    const sql = `SELECT r.id FROM requests r WHERE ${['r.bin_id = ?', 'r.id > ?', ...req.terms].join(' AND ')} ORDER BY r.id LIMIT 1`;
    const id = prepared(sql).pluck().get(binId, after.requestId, ...req.args) as number | undefined;
    const found = id === undefined ? undefined : loader.load(binId, [id]).get(id);
    return found ? { event: found.events[0] ?? null, request: found.summary } : null;
  }

  return {
    eventsQuery,
    /** Highest stored request id of the bin (0 when empty): "now" for a wait without `after`. */
    latestId(binId: string): number {
      return (maxId.get(binId) as number | null) ?? 0;
    },
    /** The first match strictly after the position `after` (a bare request id: after all its events). */
    find(binId: string, f: WaitFilter, after: EventPosition): WaitMatch | null {
      return hasEventFilter(f) ? byEvents(binId, f, after) : byRequest(binId, f, after);
    },
  };
}
