// The events index keys of a request, computed by the node: the same 64-bit values as
// hookscope.event_key(bin, '', termText(term)) in SQL (migrations.ts), i.e. PostgreSQL's
// hashtextextended(bin || chr(31) || termText(term), 0), which is hash_bytes_extended (Bob Jenkins'
// lookup3, src/common/hashfn.c) over the UTF-8 bytes with seed 0, on a little-endian server (every
// platform PostgreSQL packages for). Computed here, the group commit sends 8 bytes per term and
// PostgreSQL stores them as they are: hashing the ~36 terms of an 11-event Pusher batch in the write
// statement was PostgreSQL's own work for every request. Filters keep hashing in SQL (event_key): both
// give the same key, which event-key.test.ts checks against a real server, byte lengths 0 to 40 and
// every kind of character.

/**
 * A term as PostgreSQL hashes it: its JSON text, so a NUL (the name+channel separator, or inside a
 * decoded value) never reaches a text value, which PostgreSQL cannot hold.
 */
export const termText = (term: string): string => JSON.stringify(term);

/** Keys as 32-bit halves: hi[i] * 2^32 + lo[i] is key i as an unsigned 64-bit integer. */
export interface KeyList {
  hi: Int32Array;
  lo: Uint32Array;
  length: number;
}

const rot = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** hash_bytes_extended(bytes[from, to), seed 0) as [high, low] 32-bit halves, written to out at i. */
function hashBytes(k: Uint8Array, from: number, to: number, out: KeyList, i: number): void {
  let len = to - from;
  let a = (0x9e3779b9 + len + 3923095) | 0;
  let b = a;
  let c = a;
  let p = from;
  while (len >= 12) {
    a = (a + (k[p] | (k[p + 1] << 8) | (k[p + 2] << 16) | (k[p + 3] << 24))) | 0;
    b = (b + (k[p + 4] | (k[p + 5] << 8) | (k[p + 6] << 16) | (k[p + 7] << 24))) | 0;
    c = (c + (k[p + 8] | (k[p + 9] << 8) | (k[p + 10] << 16) | (k[p + 11] << 24))) | 0;
    // mix(a, b, c)
    a = (a - c) | 0; a ^= rot(c, 4); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 6); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 8); b = (b + a) | 0;
    a = (a - c) | 0; a ^= rot(c, 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 19); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 4); b = (b + a) | 0;
    p += 12;
    len -= 12;
  }
  // The last 0-11 bytes, little-endian into a, b and c (c's lowest byte is never used: see hashfn.c).
  switch (len) {
    case 11: c = (c + (k[p + 10] << 24)) | 0; // falls through
    case 10: c = (c + (k[p + 9] << 16)) | 0; // falls through
    case 9: c = (c + (k[p + 8] << 8)) | 0; // falls through
    case 8: b = (b + (k[p + 7] << 24)) | 0; // falls through
    case 7: b = (b + (k[p + 6] << 16)) | 0; // falls through
    case 6: b = (b + (k[p + 5] << 8)) | 0; // falls through
    case 5: b = (b + k[p + 4]) | 0; // falls through
    case 4: a = (a + (k[p + 3] << 24)) | 0; // falls through
    case 3: a = (a + (k[p + 2] << 16)) | 0; // falls through
    case 2: a = (a + (k[p + 1] << 8)) | 0; // falls through
    case 1: a = (a + k[p]) | 0;
  }
  // final(a, b, c)
  c ^= b; c = (c - rot(b, 14)) | 0;
  a ^= c; a = (a - rot(c, 11)) | 0;
  b ^= a; b = (b - rot(a, 25)) | 0;
  c ^= b; c = (c - rot(b, 16)) | 0;
  a ^= c; a = (a - rot(c, 4)) | 0;
  b ^= a; b = (b - rot(a, 14)) | 0;
  c ^= b; c = (c - rot(b, 24)) | 0;
  out.hi[i] = b;
  out.lo[i] = c >>> 0;
}

export function createKeyList(capacity = 1024): KeyList {
  return { hi: new Int32Array(capacity), lo: new Uint32Array(capacity), length: 0 };
}

function grow(list: KeyList, need: number): void {
  if (need <= list.hi.length) return;
  const size = Math.max(need, list.hi.length * 2);
  const hi = new Int32Array(size);
  const lo = new Uint32Array(size);
  hi.set(list.hi.subarray(0, list.length));
  lo.set(list.lo.subarray(0, list.length));
  list.hi = hi;
  list.lo = lo;
}

let scratch = Buffer.allocUnsafe(4096);

/** Appends to `list` the key of every term of one request of `bin`. */
export function appendEventKeys(list: KeyList, bin: string, terms: readonly string[]): void {
  grow(list, list.length + terms.length);
  // bin || chr(31), then each term's JSON text after it.
  const start = Buffer.byteLength(bin) + 1;
  let prefixed = false;
  for (const term of terms) {
    const text = termText(term);
    const need = start + 3 * text.length;
    if (need > scratch.length) (scratch = Buffer.allocUnsafe(Math.max(need, scratch.length * 2))), (prefixed = false);
    if (!prefixed) {
      scratch.write(bin, 0);
      scratch[start - 1] = 0x1f;
      prefixed = true;
    }
    const end = start + scratch.write(text, start);
    hashBytes(scratch, 0, end, list, list.length);
    list.length++;
  }
}

/** One key as PostgreSQL prints a bigint (tests, messages). */
export function keyText(list: KeyList, i: number): string {
  return BigInt.asIntN(64, (BigInt(list.hi[i] >>> 0) << 32n) | BigInt(list.lo[i])).toString();
}
