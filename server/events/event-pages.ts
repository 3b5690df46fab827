// GET /api/bins/:bin/events: one page of decoded events across a bin's requests, newest first.
// The page's positions come from the events indexes (events_bin, events_bin_name, ...: a covering
// index range scan, no table scan even with a million stored requests); only the page's requests are
// then read and decoded again to return full events.
import type { DecodedEvent, RequestSummary } from '../../core/wire.js';
import type { Db } from '../store/open-db.js';
import { afterPosition, beforePosition, type EventPosition, formatCursor } from './cursor.js';
import type { DecodedRequestLoader } from './decoded-requests.js';
import { type EventFilter, eventMatches, eventTerms } from './event-filter.js';
import { createStatementCache } from '../store/statement-cache.js';

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

interface PositionRow {
  request_id: number;
  idx: number;
}

export function createEventPages(db: Db, loader: DecodedRequestLoader) {
  const prepared = createStatementCache(db);

  /** SQL and arguments of the index query for one page's positions. */
  function positionsQuery(binId: string, q: EventPageQuery): { sql: string; args: (string | number)[] } {
    const { terms, args: evArgs } = eventTerms(q, 'e');
    const where = ['e.bin_id = ?', ...terms];
    const args: (string | number)[] = [binId, ...evArgs];
    // Row values keep the bound a single index range (https://sqlite.org/rowvalue.html).
    const bound = (op: '<' | '>', p: EventPosition) => {
      where.push(`(e.request_id, e.idx) ${op} (?, ?)`);
      args.push(p.requestId, p.index);
    };
    if (q.before !== undefined) bound('<', beforePosition(q.before));
    if (q.after !== undefined) bound('>', afterPosition(q.after));
    args.push(q.limit);
    const sql = `SELECT e.request_id, e.idx FROM events e WHERE ${where.join(' AND ')}
      ORDER BY e.request_id DESC, e.idx DESC LIMIT ?`;
    return { sql, args };
  }

  return {
    /** For EXPLAIN QUERY PLAN in tests. */
    positionsQuery,
    page(binId: string, q: EventPageQuery): EventPage {
      const { sql, args } = positionsQuery(binId, q);
      const rows = prepared(sql).all(...args) as PositionRow[];
      const requests = loader.load(binId, rows.map((r) => r.request_id));
      const events: EventWithRequest[] = [];
      for (const row of rows) {
        const decoded = requests.get(row.request_id);
        const event = decoded?.events[row.idx];
        // A stale index entry (body no longer yields it) is skipped, not returned wrong.
        if (decoded && event && eventMatches(event, q)) events.push({ ...event, request: decoded.summary });
      }
      const last = rows.at(-1);
      const next = rows.length === q.limit && last ? formatCursor({ requestId: last.request_id, index: last.idx }) : null;
      return { events, next };
    },
  };
}
