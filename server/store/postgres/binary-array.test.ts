// The binary arrays as a real PostgreSQL server reads them (array_recv), back as text-format values.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPgDatabase } from '../../../test/helpers/test-db.js';
import { byteaArray, int2Array, int4Array, int8Array, textArray } from './binary-array.js';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client(await newPgDatabase());
  await client.connect();
});
afterAll(() => client.end());

const roundTrip = async (buf: Buffer, type: string): Promise<unknown> =>
  (await client.query({ text: `SELECT $1::${type}[] AS a, cardinality($1::${type}[]) AS n`, values: [buf] })).rows[0];

describe('binary arrays', () => {
  it('text[]: empty strings, NULLs, multi-byte and odd characters, the empty array', async () => {
    const values = ['', null, 'plain', 'é ☃ 𝄞', 'quote " backslash \\ brace { } comma ,', 'NULL', '\u{1F600}'.repeat(1000)];
    expect(await roundTrip(textArray(values), 'text')).toEqual({ a: values, n: values.length });
    expect(await roundTrip(textArray([]), 'text')).toEqual({ a: [], n: 0 });
  });

  it('int8[], int4[], int2[]: signs, extremes, NULLs', async () => {
    const big = [0, -1, 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1_764_000_000_000, null];
    expect(await roundTrip(int8Array(big), 'int8')).toEqual({ a: big.map((v) => (v === null ? null : String(v))), n: big.length });
    const mid = [0, -2147483648, 2147483647, null, 42];
    expect(await roundTrip(int4Array(mid), 'int4')).toEqual({ a: mid, n: mid.length });
    const small = [0, 1, -32768, 32767];
    expect(await roundTrip(int2Array(small), 'int2')).toEqual({ a: small, n: small.length });
  });

  it('bytea[]: every byte value, the empty body, byte-exact', async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const values = [all, Buffer.alloc(0), new Uint8Array([0, 0, 255])];
    const { a } = (await roundTrip(byteaArray(values), 'bytea')) as { a: string };
    // node-postgres leaves bytea[] as its text literal: compare against the server's own encoding.
    const expected = (await client.query({ text: 'SELECT $1::bytea[] AS a', values: [`{${values.map((v) => `"\\\\x${Buffer.from(v).toString('hex')}"`).join(',')}}`] })).rows[0].a;
    expect(a).toEqual(expected);
    const lengths = (await client.query({ text: 'SELECT array_agg(octet_length(b) ORDER BY o) AS l FROM unnest($1::bytea[]) WITH ORDINALITY AS x(b, o)', values: [byteaArray(values)] })).rows[0].l;
    expect(lengths).toEqual([256, 0, 3]);
    const same = (await client.query({ text: 'SELECT ($1::bytea[])[1] = $2::bytea AS same', values: [byteaArray(values), all] })).rows[0].same;
    expect(same).toBe(true);
  });
});
