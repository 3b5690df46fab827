// Reading and deleting captured requests in SQLite. Writes go through the writer (batch-writer.ts).
import type { RequestSummary } from '../../../core/wire.js';
import type { Changes } from '../changes.js';
import type { EventRequestQuery, RequestQuery, StoredRequest } from '../contract.js';
import { type FullRow, type RequestRow, rowToSummary, SUMMARY_COLUMNS, toStored } from '../request-row.js';
import { eventRequestsSql } from './event-requests.js';
import { R_FULL, R_SUMMARY, requestWhere } from './request-where.js';
import type { Db } from './open-db.js';
import { createStatementCache } from './statement-cache.js';

export type SqliteRequests = ReturnType<typeof createSqliteRequests>;

export function createSqliteRequests(db: Db, changes: Changes, onRemoved: (binId: string) => void) {
  const getOne = db.prepare(`SELECT ${SUMMARY_COLUMNS}, raw_headers, body FROM requests WHERE bin_id = ? AND id = ?`);
  const headStmt = db.prepare('SELECT max(id) FROM requests WHERE bin_id = ?').pluck();
  const deleteOne = db.prepare('DELETE FROM requests WHERE bin_id = ? AND id = ?');
  const deleteEventsOf = db.prepare('DELETE FROM events WHERE request_id = ?');
  const decCount = db.prepare('UPDATE bins SET request_count = max(request_count - 1, 0) WHERE id = ?');
  const prepared = createStatementCache(db);

  const removeTx = db.transaction((binId: string, id: number): boolean => {
    const removed = deleteOne.run(binId, id).changes > 0;
    if (removed) {
      deleteEventsOf.run(id);
      decCount.run(binId);
    }
    return removed;
  });

  /** SQL of a plain range query over one bin's requests (its shape decides the prepared statement). */
  function rangeSql(columns: string, binId: string, q: RequestQuery): { sql: string; args: (string | number)[] } {
    const where = requestWhere(q);
    const sql = `SELECT ${columns} FROM requests r WHERE ${['r.bin_id = ?', ...where.terms].join(' AND ')}
      ORDER BY r.id ${q.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ?`;
    return { sql, args: [binId, ...where.args, q.limit] };
  }

  const all = <T>(s: { sql: string; args: (string | number)[] }): T[] => prepared(s.sql).all(...s.args) as T[];

  return {
    /** For EXPLAIN QUERY PLAN in tests. */
    eventRequestsSql,
    async get(binId: string, id: number): Promise<StoredRequest | undefined> {
      const row = getOne.get(binId, id) as FullRow | undefined;
      return row ? toStored(row) : undefined;
    },
    async summaries(binId: string, q: RequestQuery): Promise<RequestSummary[]> {
      return all<RequestRow>(rangeSql(R_SUMMARY, binId, q)).map(rowToSummary);
    },
    async query(binId: string, q: RequestQuery): Promise<StoredRequest[]> {
      return all<FullRow>(rangeSql(R_FULL, binId, q)).map(toStored);
    },
    async queryByEvents(binId: string, q: EventRequestQuery): Promise<StoredRequest[]> {
      return all<FullRow>(eventRequestsSql(R_FULL, binId, q)).map(toStored);
    },
    async head(binId: string): Promise<number> {
      return (headStmt.get(binId) as number | null) ?? 0;
    },
    async remove(binId: string, id: number): Promise<boolean> {
      const removed = removeTx(binId, id);
      if (removed) {
        onRemoved(binId);
        changes.emit({ type: 'deleted', binId, id });
      }
      return removed;
    },
  };
}
