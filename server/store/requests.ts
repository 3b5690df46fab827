// Reading and deleting captured requests. Writes go through write-queue.ts.
import type { RequestDetail, RequestSummary } from '../../core/wire.js';
import type { Db } from './open-db.js';
import { encodeBody, type RequestRow, rowToSummary, SUMMARY_COLUMNS } from './request-row.js';
import { hasEventFilter } from '../events/event-filter.js';
import { createEventRequestList } from '../events/request-list.js';
import { createStatementCache } from './statement-cache.js';

export interface RequestFilter {
  after?: number;
  before?: number;
  limit: number;
  method?: string;
  signature?: string;
  name?: string;
  channel?: string;
  event?: string;
  userId?: string;
  /** Free text: matched against path, query and body bytes. */
  q?: string;
}

export interface StoredRequest {
  summary: RequestSummary;
  rawHeaders: string[];
  body: Uint8Array;
}

export type RequestStore = ReturnType<typeof createRequestStore>;

export function createRequestStore(db: Db) {
  const getOne = db.prepare(`SELECT ${SUMMARY_COLUMNS}, raw_headers, body FROM requests WHERE bin_id = ? AND id = ?`);
  const getBody = db.prepare('SELECT body, content_type FROM requests WHERE bin_id = ? AND id = ?');
  const deleteOne = db.prepare('DELETE FROM requests WHERE bin_id = ? AND id = ?');
  const deleteEventsOf = db.prepare('DELETE FROM events WHERE request_id = ?');
  const decCount = db.prepare('UPDATE bins SET request_count = max(request_count - 1, 0) WHERE id = ?');
  const prepared = createStatementCache(db);

  const byEvents = createEventRequestList(db);

  function list(binId: string, f: RequestFilter): RequestSummary[] {
    // An event filter drives the page from the events indexes (server/events/request-list.ts).
    if (hasEventFilter(f)) return byEvents.list(binId, f);
    const where = ['r.bin_id = ?'];
    const args: (string | number)[] = [binId];
    if (f.after !== undefined) (where.push('r.id > ?'), args.push(f.after));
    if (f.before !== undefined) (where.push('r.id < ?'), args.push(f.before));
    if (f.method) (where.push('r.method = ?'), args.push(f.method.toUpperCase()));
    if (f.signature) (where.push('r.sig_status = ?'), args.push(f.signature));
    if (f.q) {
      where.push("(instr(r.path, ?) > 0 OR instr(r.query, ?) > 0 OR instr(r.body, CAST(? AS BLOB)) > 0)");
      args.push(f.q, f.q, f.q);
    }
    args.push(f.limit);
    const sql = `SELECT ${SUMMARY_COLUMNS.split(', ').map((c) => 'r.' + c).join(', ')} FROM requests r
      WHERE ${where.join(' AND ')} ORDER BY r.id DESC LIMIT ?`;
    return (prepared(sql).all(...args) as RequestRow[]).map(rowToSummary);
  }

  return {
    list,
    /** SQL of an event-filtered page (EXPLAIN QUERY PLAN in tests). */
    eventListQuery: byEvents.query,
    get(binId: string, id: number): StoredRequest | undefined {
      const row = getOne.get(binId, id) as (RequestRow & { body: Buffer }) | undefined;
      if (!row) return undefined;
      return { summary: rowToSummary(row), rawHeaders: JSON.parse(row.raw_headers) as string[], body: row.body };
    },
    detail(stored: StoredRequest): Omit<RequestDetail, 'events'> {
      return { ...stored.summary, rawHeaders: stored.rawHeaders, ...encodeBody(stored.body) };
    },
    raw(binId: string, id: number): { body: Buffer; contentType: string | null } | undefined {
      const row = getBody.get(binId, id) as { body: Buffer; content_type: string | null } | undefined;
      return row ? { body: row.body, contentType: row.content_type } : undefined;
    },
    remove(binId: string, id: number): boolean {
      return db.transaction(() => {
        const removed = deleteOne.run(binId, id).changes > 0;
        if (removed) {
          deleteEventsOf.run(id);
          decCount.run(binId);
        }
        return removed;
      })();
    },
  };
}
