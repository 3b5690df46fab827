// One-dimensional arrays in PostgreSQL's binary format (what array_send writes and array_recv reads):
// node-postgres sends a Buffer parameter in binary, so a column of a whole batch goes to the server as
// one parameter that it reads without parsing text (no JSON lexing, no array-literal quoting). Layout,
// all integers big-endian: ndim, has-nulls flag, element type oid, then per dimension its length and
// lower bound (1), then per element its byte length (-1 for NULL) and its bytes.
// https://github.com/postgres/postgres/blob/master/src/backend/utils/adt/arrayfuncs.c (array_recv)

const OID = { int2: 21, int4: 23, int8: 20, text: 25, bytea: 17 } as const;

function header(size: number, oid: number, n: number, hasNull: boolean): Buffer {
  const buf = Buffer.allocUnsafe(size);
  buf.writeInt32BE(n === 0 ? 0 : 1, 0);
  buf.writeInt32BE(hasNull ? 1 : 0, 4);
  buf.writeInt32BE(oid, 8);
  if (n > 0) {
    buf.writeInt32BE(n, 12);
    buf.writeInt32BE(1, 16);
  }
  return buf;
}

const headerSize = (n: number): number => (n === 0 ? 12 : 20);

/** text[]: each element as UTF-8 (a JavaScript string always encodes to valid UTF-8). */
export function textArray(values: readonly (string | null | undefined)[]): Buffer {
  const n = values.length;
  let size = headerSize(n);
  let hasNull = false;
  const lengths = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      hasNull = true;
      lengths[i] = -1;
      size += 4;
    } else {
      lengths[i] = Buffer.byteLength(v);
      size += 4 + lengths[i];
    }
  }
  const buf = header(size, OID.text, n, hasNull);
  let at = headerSize(n);
  for (let i = 0; i < n; i++) {
    buf.writeInt32BE(lengths[i], at);
    at += 4;
    if (lengths[i] > 0) at += buf.write(values[i] as string, at, lengths[i], 'utf8');
  }
  return buf;
}

/** bytea[] of byte strings (none NULL). */
export function byteaArray(values: readonly Uint8Array[]): Buffer {
  const n = values.length;
  let size = headerSize(n);
  for (const v of values) size += 4 + v.byteLength;
  const buf = header(size, OID.bytea, n, false);
  let at = headerSize(n);
  for (const v of values) {
    buf.writeInt32BE(v.byteLength, at);
    buf.set(v, at + 4);
    at += 4 + v.byteLength;
  }
  return buf;
}

function intArray(values: readonly (number | null | undefined)[], oid: number, width: 2 | 4 | 8): Buffer {
  const n = values.length;
  let hasNull = false;
  let size = headerSize(n);
  for (const v of values) {
    if (v === null || v === undefined) (hasNull = true), (size += 4);
    else size += 4 + width;
  }
  const buf = header(size, oid, n, hasNull);
  let at = headerSize(n);
  for (const v of values) {
    if (v === null || v === undefined) {
      buf.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    buf.writeInt32BE(width, at);
    if (width === 8) buf.writeBigInt64BE(BigInt(v), at + 4);
    else if (width === 4) buf.writeInt32BE(v, at + 4);
    else buf.writeInt16BE(v, at + 4);
    at += 4 + width;
  }
  return buf;
}

/** int8[] (bigint): integers within Number's safe range (ids, epoch milliseconds). */
export const int8Array = (values: readonly (number | null | undefined)[]): Buffer => intArray(values, OID.int8, 8);
export const int4Array = (values: readonly (number | null | undefined)[]): Buffer => intArray(values, OID.int4, 4);
export const int2Array = (values: readonly (number | null | undefined)[]): Buffer => intArray(values, OID.int2, 2);
