// Reading what a reconnecting client missed, oldest first (the requests store lists newest first).
import type { RequestSummary } from '../../core/wire.js';
import type { Db } from '../store/open-db.js';
import { type RequestRow, rowToSummary, SUMMARY_COLUMNS } from '../store/request-row.js';

export type Backlog = ReturnType<typeof createBacklog>;

export function createBacklog(db: Db) {
  const headStmt = db.prepare('SELECT max(id) FROM requests WHERE bin_id = ?').pluck();
  const pageStmt = db.prepare(
    `SELECT ${SUMMARY_COLUMNS} FROM requests WHERE bin_id = ? AND id > ? AND id <= ? ORDER BY id ASC LIMIT ?`,
  );
  return {
    /** Highest stored request id of the bin, 0 when it has none. */
    head(binId: string): number {
      return (headStmt.get(binId) as number | null) ?? 0;
    },
    /** Up to `limit` summaries with after < id <= upTo, ascending. */
    page(binId: string, after: number, upTo: number, limit: number): RequestSummary[] {
      return (pageStmt.all(binId, after, upTo, limit) as RequestRow[]).map(rowToSummary);
    },
  };
}
