// Reading and deleting captured requests in PostgreSQL. Writes go through the writer (batch-writer.ts).
import type pg from 'pg';
import type { RequestSummary } from '../../../core/wire.js';
import type { Changes } from '../changes.js';
import type { EventRequestQuery, RequestQuery, RequestStore, StoredRequest } from '../contract.js';
import { type RequestValues, storedOf, summaryOf } from '../request-row.js';
import type { BinCache } from './bin-cache.js';
import type { Notifier } from './notifier.js';
import { eventRequestsSql, R_FULL, R_SUMMARY, rangeSql } from './request-sql.js';
import { tx } from './tx.js';

export function createPgRequests(pool: pg.Pool, cache: BinCache, changes: Changes, notifier: Notifier): RequestStore {
  /** Rows as arrays of their columns (request-row.ts RequestValues). */
  const rows = async (q: { text: string; values: unknown[] }): Promise<RequestValues[]> =>
    (await pool.query<unknown[]>({ ...q, rowMode: 'array' })).rows;
  return {
    async get(binId: string, id: number): Promise<StoredRequest | undefined> {
      const row = (await rows({ text: `SELECT ${R_FULL} FROM hookscope.requests r WHERE r.bin_id = $1 AND r.id = $2`, values: [binId, id] }))[0];
      return row ? storedOf(row) : undefined;
    },
    async summaries(binId: string, q: RequestQuery): Promise<RequestSummary[]> {
      return (await rows(rangeSql(R_SUMMARY, binId, q))).map(summaryOf);
    },
    async query(binId: string, q: RequestQuery): Promise<StoredRequest[]> {
      return (await rows(rangeSql(R_FULL, binId, q))).map(storedOf);
    },
    async queryByEvents(binId: string, q: EventRequestQuery): Promise<StoredRequest[]> {
      return (await rows(eventRequestsSql(R_FULL, binId, q))).map(storedOf);
    },
    async summariesByEvents(binId: string, q: EventRequestQuery): Promise<RequestSummary[]> {
      return (await rows(eventRequestsSql(R_SUMMARY, binId, q))).map(summaryOf);
    },
    async head(binId: string): Promise<number> {
      const row = (await pool.query<{ head: number | null }>('SELECT max(id) AS head FROM hookscope.requests WHERE bin_id = $1', [binId])).rows[0];
      return row?.head ?? 0;
    },
    async remove(binId: string, id: number): Promise<boolean> {
      const state = await tx(pool, async (c) => {
        const bin = await c.query('SELECT 1 FROM hookscope.bins WHERE id = $1 FOR UPDATE', [binId]);
        if (bin.rowCount === 0) return null;
        const gone = await c.query<{ bytes: number }>('DELETE FROM hookscope.requests WHERE bin_id = $1 AND id = $2 RETURNING bytes', [binId, id]);
        if (gone.rowCount === 0) return null;
        await c.query('DELETE FROM hookscope.deliveries WHERE request_id = $1', [id]);
        return (
          await c.query<{ request_count: number; rev: number }>(
            `UPDATE hookscope.bins SET request_count = greatest(request_count - 1, 0), bytes = greatest(bytes - $2, 0), rev = rev + 1
             WHERE id = $1 RETURNING request_count, rev`,
            [binId, gone.rows[0].bytes],
          )
        ).rows[0];
      });
      if (!state) return false;
      cache.applyCounts(binId, state.rev, state.request_count);
      changes.emit({ type: 'deleted', binId, id });
      notifier.send(['d', binId, id, state.request_count, state.rev]);
      return true;
    },
  };
}
