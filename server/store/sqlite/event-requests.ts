// Requests of a bin holding an event with the given values, driven from the events indexes
// (events_bin_name, events_bin_channel, ...: (bin_id, <column>, request_id)), so a rare event name in a
// big bin is an index range scan instead of a walk over every request with a per-row EXISTS probe.
import type { EventFilter, EventRequestQuery } from '../contract.js';
import { requestWhere } from './request-where.js';

/** Filter field -> events table column. */
const COLUMNS: readonly (readonly [keyof EventFilter, string])[] = [
  ['name', 'name'],
  ['channel', 'channel'],
  ['event', 'event'],
  ['userId', 'user_id'],
];

/** The SQL and arguments of one page (exported through the store for EXPLAIN in tests). */
export function eventRequestsSql(columns: string, binId: string, q: EventRequestQuery): { sql: string; args: (string | number)[] } {
  const where = ['e.bin_id = ?'];
  const args: (string | number)[] = [binId];
  for (const [field, column] of COLUMNS) {
    const value = q.events[field];
    if (value !== undefined && value !== '') (where.push(`e.${column} = ?`), args.push(value));
  }
  // Bounds on e.request_id keep the scan inside the index range.
  if (q.after !== undefined) (where.push('e.request_id > ?'), args.push(q.after));
  if (q.before !== undefined) (where.push('e.request_id < ?'), args.push(q.before));
  const req = requestWhere({ ...q, after: undefined, before: undefined });
  where.push(...req.terms);
  args.push(...req.args, q.limit);
  const order = q.order === 'asc' ? 'ASC' : 'DESC';
  // GROUP BY e.request_id follows the index order (bin_id, <column>, request_id): no temp b-tree.
  const sql = `SELECT ${columns} FROM events e JOIN requests r ON r.id = e.request_id
    WHERE ${where.join(' AND ')} GROUP BY e.request_id ORDER BY e.request_id ${order} LIMIT ?`;
  return { sql, args };
}
