// The client side of one group commit (the SQL is write-function.ts): each column of the batch as one
// array parameter in PostgreSQL's binary format (binary-array.ts), bodies included. One statement,
// prepared once for every batch size, one round trip, its own transaction: the promise resolves after
// COMMIT (synchronous_commit on: connect.ts).
import type pg from 'pg';
import { type NewRequest, responseJson, signatureJson } from '../request-row.js';
import { termsOf } from '../terms.js';
import { byteaArray, int2Array, int4Array, int8Array, int8KeyArray, textArray } from './binary-array.js';
import { appendEventKeys, createKeyList } from './event-key.js';

/** What write_requests returns (write-function.ts). */
export interface PgBatchResult {
  ids: number[];
  pruned: [string, number][];
  /** [bin, count, lastAt, rev, prevLastId, lastId] */
  bins: [string, number, number, number, number, number][];
}

const WRITE = {
  name: 'hookscope_write_requests',
  text: `SELECT hookscope.write_requests(${[
    'text', 'int8', 'text', 'text', 'text', 'text', 'text', 'int4', 'int2', 'text', 'text', 'text', 'text', 'text',
    'int8', 'int4', 'text', 'int4', 'text', 'int8', 'int4', 'bytea',
  ].map((type, i) => `$${i + 1}::${type}[]`).join(', ')}, $23::int) AS r`,
};

const bytesOf = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** The batch as write_requests's parameters: one binary array per column (binary-array.ts). */
function parameters(rows: readonly NewRequest[], defaultMaxRequests: number): unknown[] {
  const col = <T>(f: (r: NewRequest) => T): T[] => rows.map(f);
  // The index keys of the terms (server/store/terms.ts, shared with SQLite) hashed with the bin
  // (event-key.ts): all of them in one array, request i's from termAt[i] (1-based) up to termAt[i + 1].
  const keys = createKeyList(rows.length * 40);
  const termAt: number[] = [1];
  for (const r of rows) {
    if (r.events.length > 0) appendEventKeys(keys, r.binId, termsOf(r.events));
    termAt.push(keys.length + 1);
  }
  return [
    textArray(col((r) => r.binId)),
    int8Array(col((r) => r.receivedAt)),
    textArray(col((r) => r.method)),
    textArray(col((r) => r.path)),
    textArray(col((r) => r.query)),
    textArray(col((r) => JSON.stringify(r.rawHeaders))),
    textArray(col((r) => r.contentType)),
    int4Array(col((r) => r.size)),
    int2Array(col((r) => (r.truncated ? 1 : 0))),
    textArray(col((r) => r.remoteAddress)),
    textArray(col((r) => r.signature.status)),
    textArray(col((r) => signatureJson(r.signature))),
    textArray(col((r) => r.decoder)),
    textArray(col((r) => responseJson(r.response))),
    int8Array(col((r) => r.retryOf ?? null)),
    int4Array(col((r) => r.attempt ?? null)),
    textArray(col((r) => r.bodyHash ?? null)),
    int4Array(col((r) => r.events.length)),
    textArray(col((r) => (r.events.length === 0 ? '[]' : JSON.stringify(r.events.map((e) => e.name))))),
    int8KeyArray(keys),
    int4Array(termAt),
    byteaArray(col((r) => bytesOf(r.body))),
    defaultMaxRequests,
  ];
}

export function createPgBatchWriter(pool: pg.Pool, defaultMaxRequests: number) {
  return async (rows: NewRequest[]): Promise<PgBatchResult> => {
    const res = await pool.query<{ r: PgBatchResult }>({ ...WRITE, values: parameters(rows, defaultMaxRequests) });
    return res.rows[0].r;
  };
}
