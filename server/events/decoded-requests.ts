// Load a handful of stored requests by id and decode their bodies again: the events index only says
// where events are; the raw bytes are the truth for what they contain.
import type { DecodedEvent, RequestSummary } from '../../core/wire.js';
import type { Db } from '../store/open-db.js';
import { type RequestRow, rowToSummary, SUMMARY_COLUMNS } from '../store/request-row.js';
import { decodeStoredEvents } from './decode-body.js';

export interface DecodedRequest {
  summary: RequestSummary;
  events: DecodedEvent[];
}

type FullRow = RequestRow & { raw_headers: string; body: Buffer };

export type DecodedRequestLoader = ReturnType<typeof createDecodedRequestLoader>;

/** `limit`: decode limit of the index (indexLimit), so pages and waits see what the index saw. */
export function createDecodedRequestLoader(db: Db, limit: number) {
  // json_each keeps one prepared statement for any number of ids; each id is a rowid lookup.
  const byIds = db.prepare(
    `SELECT ${SUMMARY_COLUMNS}, raw_headers, body FROM requests
     WHERE bin_id = ? AND id IN (SELECT value FROM json_each(?))`,
  );
  const newest = db.prepare(
    `SELECT ${SUMMARY_COLUMNS}, raw_headers, body FROM requests WHERE bin_id = ? AND id > ? ORDER BY id DESC LIMIT ?`,
  );

  function decodeRow(row: FullRow): DecodedRequest {
    const summary = rowToSummary(row);
    const events =
      summary.eventCount === 0
        ? []
        : decodeStoredEvents(summary.id, {
            body: row.body,
            contentType: row.content_type,
            rawHeaders: JSON.parse(row.raw_headers) as string[],
          }, limit);
    return { summary, events };
  }

  return {
    /** The requests that still exist, keyed by id. */
    load(binId: string, ids: readonly number[]): Map<number, DecodedRequest> {
      const out = new Map<number, DecodedRequest>();
      if (ids.length === 0) return out;
      const rows = byIds.all(binId, JSON.stringify([...new Set(ids)])) as FullRow[];
      for (const row of rows) out.set(row.id, decodeRow(row));
      return out;
    },
    /** Requests after `afterId`, newest first, at most `limit` (near misses of a wait). */
    recent(binId: string, afterId: number, limit: number): DecodedRequest[] {
      return (newest.all(binId, afterId, limit) as FullRow[]).map(decodeRow);
    },
  };
}
