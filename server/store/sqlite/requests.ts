// Reading and deleting captured requests in SQLite. Writes go through the writer (batch-writer.ts);
// requests that may hold matching events come from the in-memory events index (term-index.ts).
import type { RequestSummary } from '../../../core/wire.js';
import type { Changes } from '../changes.js';
import type { EventRequestQuery, RequestQuery, StoredRequest } from '../contract.js';
import { cachedByIds, createRowCache } from '../row-cache.js';
import { type RequestValues, storedOf, SUMMARY_COLUMNS, summaryOf } from '../request-row.js';
import type { Db } from './open-db.js';
import { R_FULL, R_SUMMARY, requestWhere } from './request-where.js';
import { createStatementCache } from './statement-cache.js';
import type { TermIndex } from './term-index.js';

type Sql = { sql: string; args: (string | number)[] };

/** Full rows (~1.5 KB each for a 1 KiB webhook, more with their decoded events) and summaries kept in memory. */
const ROW_CACHE = 1024;

/** SQL of a plain range query over one bin's requests (its shape decides the prepared statement). */
export function rangeSql(columns: string, binId: string, q: RequestQuery): Sql {
  const where = requestWhere(q);
  const sql = `SELECT ${columns} FROM requests r WHERE ${['r.bin_id = ?', ...where.terms].join(' AND ')}
    ORDER BY r.id ${q.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ?`;
  return { sql, args: [binId, ...where.args, q.limit] };
}

/** SQL of the rows among candidate ids that pass the request filters (rowid lookups, one statement for any count; `+` keeps the planner off requests_bin). */
export function byIdsSql(binId: string, ids: readonly number[], q: RequestQuery, columns = R_FULL): Sql {
  const where = requestWhere({ ...q, after: undefined, before: undefined });
  const sql = `SELECT ${columns} FROM requests r WHERE ${['r.id IN (SELECT value FROM json_each(?))', '+r.bin_id = ?', ...where.terms].join(' AND ')}
    ORDER BY r.id ${q.order === 'asc' ? 'ASC' : 'DESC'}`;
  return { sql, args: [JSON.stringify(ids), binId, ...where.args] };
}

export type SqliteRequests = ReturnType<typeof createSqliteRequests>;

export function createSqliteRequests(db: Db, changes: Changes, index: TermIndex, onRemoved: (binId: string) => void) {
  const getOne = db.prepare(`SELECT ${SUMMARY_COLUMNS}, raw_headers, body FROM requests WHERE bin_id = ? AND id = ?`).raw(true);
  const headStmt = db.prepare('SELECT max(id) FROM requests WHERE bin_id = ?').pluck();
  const deleteOne = db.prepare('DELETE FROM requests WHERE bin_id = ? AND id = ?');
  const prepared = createStatementCache(db);

  const removeTx = (binId: string, id: number): boolean => deleteOne.run(binId, id).changes > 0;

  /** Rows as arrays of their columns (request-row.ts RequestValues). */
  const all = (s: Sql): RequestValues[] => prepared(s.sql).raw(true).all(...s.args) as RequestValues[];

  /**
   * Candidates from the index, in the query's order, read in chunks until `limit` of them pass the
   * request filters (or the candidates run out): fewer than `limit` means there are no more.
   */
  function byEvents<T>(binId: string, q: EventRequestQuery, columns: string, map: (row: RequestValues) => T): T[] {
    const chunk = Math.max(16, q.limit);
    const out: T[] = [];
    let range = { after: q.after, before: q.before, order: q.order };
    for (;;) {
      const ids = index.candidates(binId, q.events, range, chunk);
      if (ids.length === 0) break;
      for (const row of all(byIdsSql(binId, ids, q, columns))) {
        out.push(map(row));
        if (out.length === q.limit) return out;
      }
      if (ids.length < chunk) break;
      const last = ids[ids.length - 1];
      range = q.order === 'asc' ? { ...range, after: last } : { ...range, before: last };
    }
    return out;
  }

  // Pages are read again and again (a viewer paging and polling, a suite waiting on its newest
  // requests): the last ROW_CACHE full rows and summaries stay in memory (row-cache.ts). Which ids
  // exist and pass the filters is always asked of the database, from the ids alone.
  const rowCache = createRowCache<StoredRequest>(ROW_CACHE);
  const summaryCache = createRowCache<RequestSummary>(ROW_CACHE);
  const idOnly = (row: RequestValues) => row[0] as number;
  changes.subscribe((c) => {
    if (c.type === 'bin') (rowCache.clear(), summaryCache.clear()); // its verdicts may have been recomputed
    else if (c.type === 'answered') (rowCache.delete(c.id), summaryCache.delete(c.id));
  });
  const storedByIds = (binId: string, ids: readonly number[]): StoredRequest[] =>
    cachedByIds(rowCache, ids, (missing) => all(byIdsSql(binId, missing, { order: 'asc', limit: missing.length }, R_FULL)).map(storedOf), (r) => r.summary.id);
  const summariesByIds = (binId: string, ids: readonly number[]): RequestSummary[] =>
    cachedByIds(summaryCache, ids, (missing) => all(byIdsSql(binId, missing, { order: 'asc', limit: missing.length }, R_SUMMARY)).map(summaryOf), (r) => r.id);

  return {
    async get(binId: string, id: number): Promise<StoredRequest | undefined> {
      const row = getOne.get(binId, id) as RequestValues | undefined;
      return row ? storedOf(row) : undefined;
    },
    async summaries(binId: string, q: RequestQuery): Promise<RequestSummary[]> {
      return summariesByIds(binId, all(rangeSql('r.id', binId, q)).map(idOnly));
    },
    async query(binId: string, q: RequestQuery): Promise<StoredRequest[]> {
      return all(rangeSql(R_FULL, binId, q)).map(storedOf);
    },
    async queryByEvents(binId: string, q: EventRequestQuery): Promise<StoredRequest[]> {
      return storedByIds(binId, byEvents(binId, q, 'r.id', idOnly));
    },
    async summariesByEvents(binId: string, q: EventRequestQuery): Promise<RequestSummary[]> {
      return summariesByIds(binId, byEvents(binId, q, 'r.id', idOnly));
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
