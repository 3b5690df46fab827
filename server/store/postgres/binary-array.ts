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

/**
 * text[]: each element as UTF-8 (a JavaScript string always encodes to valid UTF-8). One pass: the
 * buffer is sized for the worst case (3 bytes per UTF-16 unit) and each string is written straight
 * into it, its length filled in after (half the time of measuring each string first).
 */
export function textArray(values: readonly (string | null | undefined)[]): Buffer {
  const n = values.length;
  let max = headerSize(n);
  for (let i = 0; i < n; i++) max += 4 + 3 * (values[i]?.length ?? 0);
  const buf = header(max, OID.text, n, false);
  let at = headerSize(n);
  let hasNull = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      hasNull = true;
      buf.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    const written = v.length === 0 ? 0 : buf.write(v, at + 4);
    buf.writeInt32BE(written, at);
    at += 4 + written;
  }
  if (hasNull) buf.writeInt32BE(1, 4);
  return buf.subarray(0, at);
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
    if (width === 8) {
      // Two's complement in two halves (no BigInt: ids and epoch milliseconds are safe integers).
      const high = Math.floor(v / 0x1_0000_0000);
      buf.writeInt32BE(high, at + 4);
      buf.writeUInt32BE(v - high * 0x1_0000_0000, at + 8);
    }
    else if (width === 4) buf.writeInt32BE(v, at + 4);
    else buf.writeInt16BE(v, at + 4);
    at += 4 + width;
  }
  return buf;
}

/** int8[] (bigint): integers within Number's safe range (ids, epoch milliseconds). */
export const int8Array = (values: readonly (number | null | undefined)[]): Buffer => intArray(values, OID.int8, 8);
/** int8[] of 64-bit keys given as 32-bit halves (event-key.ts). */
export function int8KeyArray(keys: { hi: Int32Array; lo: Uint32Array; length: number }): Buffer {
  const n = keys.length;
  const buf = header(headerSize(n) + 12 * n, OID.int8, n, false);
  let at = headerSize(n);
  for (let i = 0; i < n; i++) {
    buf.writeInt32BE(8, at);
    buf.writeInt32BE(keys.hi[i], at + 4);
    buf.writeUInt32BE(keys.lo[i], at + 8);
    at += 12;
  }
  return buf;
}

export const int4Array = (values: readonly (number | null | undefined)[]): Buffer => intArray(values, OID.int4, 4);
export const int2Array = (values: readonly (number | null | undefined)[]): Buffer => intArray(values, OID.int2, 2);
