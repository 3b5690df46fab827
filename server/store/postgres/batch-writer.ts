// The client side of one group commit (the SQL is write-function.ts): the batch's columns as one JSON
// text (JSON.stringify, native) and each body as a binary parameter. One statement, one round trip,
// its own transaction: the promise resolves after COMMIT (synchronous_commit on: connect.ts).
import type pg from 'pg';
import type { NewRequest } from '../request-row.js';
import { termsOf } from '../terms.js';

/** What write_requests returns (write-function.ts). */
export interface PgBatchResult {
  ids: number[];
  pruned: [string, number][];
  /** [bin, count, lastAt, rev, prevLastId, lastId] */
  bins: [string, number, number, number, number, number][];
}

/** Statement text per batch size: ARRAY[$3, ..., $n+2] (prepared once per size by name). */
const statements = new Map<number, { name: string; text: string }>();

function statement(n: number): { name: string; text: string } {
  let s = statements.get(n);
  if (!s) {
    const bodies = Array.from({ length: n }, (_, i) => `$${i + 3}::bytea`).join(', ');
    s = { name: `hookscope_write_${n}`, text: `SELECT hookscope.write_requests($1::text[], $2::json, ARRAY[${bodies}]::bytea[], $${n + 3}::int) AS r` };
    statements.set(n, s);
  }
  return s;
}

/**
 * A term as PostgreSQL hashes it: its JSON text, so a NUL (the name+channel separator, or inside a
 * decoded value) never reaches a text value, which PostgreSQL cannot hold.
 */
export const termText = (term: string): string => JSON.stringify(term);

/** One request's columns, keyed as write_requests's json_to_recordset reads them. */
function columns(r: NewRequest) {
  return {
    b: r.binId,
    t: r.receivedAt,
    m: r.method,
    p: r.path,
    q: r.query,
    h: r.rawHeaders,
    ct: r.contentType,
    sz: r.size,
    tr: r.truncated ? 1 : 0,
    ra: r.remoteAddress,
    ss: r.signature.status,
    sg: r.signature,
    d: r.decoder,
    rs: r.response,
    ro: r.retryOf ?? null,
    at: r.attempt ?? null,
    bh: r.bodyHash ?? null,
    ec: r.events.length,
    en: r.events.length === 0 ? '[]' : JSON.stringify(r.events.map((e) => e.name)),
    // The index terms (server/store/terms.ts, shared with SQLite), hashed with the bin by write_requests.
    k: r.events.length === 0 ? null : termsOf(r.events).map(termText),
  };
}



export function createPgBatchWriter(pool: pg.Pool, defaultMaxRequests: number) {
  return async (rows: NewRequest[]): Promise<PgBatchResult> => {
    const { name, text } = statement(rows.length);
    const values: unknown[] = [rows.map((r) => r.binId), JSON.stringify(rows.map(columns))];
    for (const r of rows) values.push(Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength));
    values.push(defaultMaxRequests);
    const res = await pool.query<{ r: PgBatchResult }>({ name, text, values });
    return res.rows[0].r;
  };
}
