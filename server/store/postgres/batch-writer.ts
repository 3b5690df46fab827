// The client side of one group commit (the SQL is write-function.ts): the batch's columns as one JSON
// text (JSON.stringify, native) and each body as a binary parameter. One statement, one round trip,
// its own transaction: the promise resolves after COMMIT (synchronous_commit on: connect.ts).
import type pg from 'pg';
import type { NewRequest } from '../request-row.js';

/** What write_batch returns (write-function.ts). */
export interface PgBatchResult {
  ids: number[];
  pruned: [string, number][];
  /** [bin, count, lastAt, rev, prevLastId, lastId] */
  bins: [string, number, number, number, number, number][];
}

/** Statement text per batch size: ARRAY[$2, ..., $n+1] (prepared once per size by name). */
const statements = new Map<number, { name: string; text: string }>();

function statement(n: number): { name: string; text: string } {
  let s = statements.get(n);
  if (!s) {
    const bodies = Array.from({ length: n }, (_, i) => `$${i + 2}::bytea`).join(', ');
    s = { name: `hookscope_write_${n}`, text: `SELECT hookscope.write_batch($1::json, ARRAY[${bodies}]::bytea[], $${n + 2}::int) AS r` };
    statements.set(n, s);
  }
  return s;
}

/** One request's columns, keyed as write_batch's json_to_recordset reads them. */
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
    k: r.events.length === 0 ? null : eventKeys(r.events),
  };
}

/**
 * The distinct (field, value) pairs of a request's events, as `<kind><value>` ('n' name, 'c' channel,
 * 'v' client event, 'u' user id): write_batch hashes each with the bin into ev_keys (migrations.ts).
 * Deduplicated here, so PostgreSQL hashes ~20 strings of an 11-event batch rather than 44.
 */
function eventKeys(events: NewRequest['events']): string[] {
  const keys = new Set<string>();
  for (const e of events) {
    keys.add('n' + e.name);
    if (e.channel !== undefined) keys.add('c' + e.channel);
    if (e.event !== undefined) keys.add('v' + e.event);
    if (e.userId !== undefined) keys.add('u' + e.userId);
  }
  return [...keys];
}

export function createPgBatchWriter(pool: pg.Pool, defaultMaxRequests: number) {
  return async (rows: NewRequest[]): Promise<PgBatchResult> => {
    const { name, text } = statement(rows.length);
    const values: unknown[] = [JSON.stringify(rows.map(columns))];
    for (const r of rows) values.push(Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength));
    values.push(defaultMaxRequests);
    const res = await pool.query<{ r: PgBatchResult }>({ name, text, values });
    return res.rows[0].r;
  };
}
