// GET /api/bins/:bin/requests with an event filter (name, channel, event, userId): driven from the
// events indexes, newest request first, so a rare event name in a big bin is an index range scan
// instead of a walk over every request of the bin with a per-row EXISTS probe.
import type { RequestSummary } from '../../core/wire.js';
import type { Db } from '../store/open-db.js';
import { type RequestRow, rowToSummary, SUMMARY_COLUMNS } from '../store/request-row.js';
import type { RequestFilter } from '../store/requests.js';
import { eventTerms, requestTerms } from './event-filter.js';
import { createStatementCache } from '../store/statement-cache.js';

const R_COLUMNS = SUMMARY_COLUMNS.split(', ').map((c) => 'r.' + c).join(', ');

export function createEventRequestList(db: Db) {
  const prepared = createStatementCache(db);

  /** The SQL and arguments of a page (exported through the store for EXPLAIN in tests). */
  function query(binId: string, f: RequestFilter): { sql: string; args: (string | number)[] } {
    const ev = eventTerms(f, 'e');
    const req = requestTerms(f, 'r');
    const where = ['e.bin_id = ?', ...ev.terms];
    const args: (string | number)[] = [binId, ...ev.args];
    if (f.after !== undefined) (where.push('e.request_id > ?'), args.push(f.after));
    if (f.before !== undefined) (where.push('e.request_id < ?'), args.push(f.before));
    where.push(...req.terms);
    args.push(...req.args);
    if (f.q) {
      where.push('(instr(r.path, ?) > 0 OR instr(r.query, ?) > 0 OR instr(r.body, CAST(? AS BLOB)) > 0)');
      args.push(f.q, f.q, f.q);
    }
    args.push(f.limit);
    // GROUP BY e.request_id follows the index order (bin_id, <column>, request_id): no temp b-tree.
    const sql = `SELECT ${R_COLUMNS} FROM events e JOIN requests r ON r.id = e.request_id
      WHERE ${where.join(' AND ')} GROUP BY e.request_id ORDER BY e.request_id DESC LIMIT ?`;
    return { sql, args };
  }

  return {
    query,
    list(binId: string, f: RequestFilter): RequestSummary[] {
      const { sql, args } = query(binId, f);
      return (prepared(sql).all(...args) as RequestRow[]).map(rowToSummary);
    },
  };
}
