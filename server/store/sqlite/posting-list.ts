// One term's request ids in one bin, ascending (ids rise in commit order). Small lists are plain
// arrays; past SMALL entries a list becomes blocks of up to BLOCK ids, each stored as varint deltas
// from the previous id after a first id kept in a directory: about 1-2 bytes per id (a million
// postings in 1-2 MB; the 5,000,000-event benchmark bin holds ~18 million). Appended at commit; ids
// below the bin's floor (pruned) are dropped a block at a time, and filtered out by the reader before.
// Deleted single requests may linger: the store confirms every candidate against the requests table.

import type { ByteReader, ByteWriter } from './snapshot-codec.js';

const SMALL = 64;
const BLOCK = 128;
/** Directory slots per block: first id, last id, byte offset of the deltas, count. */
const DIR = 4;

/** Decoding buffer shared by all lists (one block at a time; JavaScript is single-threaded). */
const scratch = new Float64Array(BLOCK);

export class PostingList {
  private small: number[] | null = [];
  private data: Uint8Array = new Uint8Array(0);
  private bytes = 0;
  private dir = new Float64Array(0);
  private blocks = 0;
  /** First block still kept. */
  private first = 0;
  /** Block whose ids `scratch`-decoding last filled `cache` (membership probes hit it repeatedly). */
  private cached = -1;
  private cache: Float64Array | null = null;
  private live = 0;

  /** Ids held (a pruned head not yet dropped still counts: used to pick the shortest list). */
  get length(): number {
    return this.live;
  }

  /** The highest id held, -1 when empty. */
  get last(): number {
    if (this.small) return this.small.length > 0 ? this.small[this.small.length - 1] : -1;
    return this.blocks > 0 ? this.dir[(this.blocks - 1) * DIR + 1] : -1;
  }

  push(id: number): void {
    const small = this.small;
    if (small) {
      if (small.length > 0 && id <= small[small.length - 1]) return; // already there
      small.push(id);
      this.live++;
      if (small.length > SMALL) this.toBlocks(small);
      return;
    }
    if (id <= this.last) return;
    const b = this.blocks - 1;
    const last = this.dir[b * DIR + 1];
    if (this.dir[b * DIR + 3] >= BLOCK) this.newBlock(id);
    else {
      this.writeVarint(id - last);
      this.dir[b * DIR + 1] = id;
      this.dir[b * DIR + 3]++;
      if (b === this.cached) this.cached = -1;
    }
    this.live++;
  }

  /** Drops whole blocks (or small-list entries) below `floor`. */
  dropBelow(floor: number): void {
    const small = this.small;
    if (small) {
      let cut = 0;
      while (cut < small.length && small[cut] < floor) cut++;
      if (cut > 0) (small.splice(0, cut), (this.live -= cut));
      return;
    }
    while (this.first < this.blocks - 1 && this.dir[this.first * DIR + 1] < floor) {
      this.live -= this.dir[this.first * DIR + 3];
      this.first++;
      this.cached = -1;
    }
    if (this.first > 0 && this.first * 2 >= this.blocks) this.compact();
  }

  has(id: number): boolean {
    const small = this.small;
    if (small) {
      let lo = 0;
      let hi = small.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (small[mid] < id) lo = mid + 1;
        else hi = mid;
      }
      return lo < small.length && small[lo] === id;
    }
    const b = this.blockOf(id);
    if (b < 0 || this.dir[b * DIR] > id) return false;
    const ids = this.probe(b);
    const n = this.dir[b * DIR + 3];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < n && ids[lo] === id;
  }

  /**
   * Calls `visit` for each id with low <= id < high, ascending or descending, until it returns false.
   * Returns false when stopped early.
   */
  scan(low: number, high: number, order: 'asc' | 'desc', visit: (id: number) => boolean): boolean {
    const small = this.small;
    if (small) {
      if (order === 'asc') {
        for (const id of small) if (id >= low && id < high && !visit(id)) return false;
      } else {
        for (let i = small.length - 1; i >= 0; i--) {
          const id = small[i];
          if (id < low) break;
          if (id < high && !visit(id)) return false;
        }
      }
      return true;
    }
    const from = Math.max(this.first, this.blockOf(low) < 0 ? this.blocks : this.blockOf(low));
    for (let k = 0; k < this.blocks - from; k++) {
      const b = order === 'asc' ? from + k : this.blocks - 1 - k;
      if (order === 'asc' && this.dir[b * DIR] >= high) break;
      if (order === 'desc' && this.dir[b * DIR + 1] < low) break;
      if (order === 'desc' && this.dir[b * DIR] >= high) continue;
      const n = this.decode(b, scratch);
      for (let j = 0; j < n; j++) {
        const id = scratch[order === 'asc' ? j : n - 1 - j];
        if (id < low || id >= high) continue;
        if (!visit(id)) return false;
      }
    }
    return true;
  }

  /** The list as bytes (index-snapshot.ts): its kept blocks, or its small ids. */
  writeTo(w: ByteWriter): void {
    if (this.small) {
      w.u32(0);
      w.u32(this.small.length);
      for (const id of this.small) w.f64(id);
      return;
    }
    w.u32(1);
    w.u32(this.live);
    w.u32(this.blocks - this.first);
    const shift = this.dir[this.first * DIR + 2];
    w.bytes(this.data.subarray(shift, this.bytes));
    for (let b = this.first; b < this.blocks; b++) {
      w.f64(this.dir[b * DIR]);
      w.f64(this.dir[b * DIR + 1]);
      w.f64(this.dir[b * DIR + 2] - shift);
      w.f64(this.dir[b * DIR + 3]);
    }
  }

  static readFrom(r: ByteReader): PostingList {
    const list = new PostingList();
    if (r.u32() === 0) {
      const n = r.u32();
      const small: number[] = [];
      for (let i = 0; i < n; i++) small.push(r.f64());
      list.small = small;
      list.live = n;
      return list;
    }
    list.small = null;
    list.live = r.u32();
    list.blocks = r.u32();
    list.data = r.bytes();
    list.bytes = list.data.byteLength;
    list.dir = new Float64Array(Math.max(DIR * 4, list.blocks * DIR));
    for (let i = 0; i < list.blocks * DIR; i++) list.dir[i] = r.f64();
    return list;
  }

  /** Bytes held (memory accounting). */
  footprint(): number {
    if (this.small) return 32 + this.small.length * 8;
    return 96 + this.data.byteLength + this.dir.byteLength + (this.cache ? this.cache.byteLength : 0);
  }

  /** First kept block whose last id is >= id; -1 when none. */
  private blockOf(id: number): number {
    let lo = this.first;
    let hi = this.blocks;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.dir[mid * DIR + 1] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.blocks ? lo : -1;
  }

  private probe(b: number): Float64Array {
    this.cache ??= new Float64Array(BLOCK);
    if (this.cached !== b) {
      this.decode(b, this.cache);
      this.cached = b;
    }
    return this.cache;
  }

  /** The ids of block `b` into `out`; returns how many. */
  private decode(b: number, out: Float64Array): number {
    const n = this.dir[b * DIR + 3];
    let id = this.dir[b * DIR];
    let at = this.dir[b * DIR + 2];
    out[0] = id;
    const data = this.data;
    for (let j = 1; j < n; j++) {
      let delta = 0;
      let scale = 1;
      let byte: number;
      do {
        byte = data[at++];
        delta += (byte & 0x7f) * scale;
        scale *= 128;
      } while (byte & 0x80);
      id += delta;
      out[j] = id;
    }
    return n;
  }

  private toBlocks(ids: number[]): void {
    this.small = null;
    this.data = new Uint8Array(ids.length * 2);
    this.dir = new Float64Array(DIR * 4);
    this.newBlock(ids[0]);
    this.live = 1;
    for (let i = 1; i < ids.length; i++) this.push(ids[i]);
  }

  private newBlock(id: number): void {
    if ((this.blocks + 1) * DIR > this.dir.length) {
      const next = new Float64Array(Math.max(DIR * 4, this.dir.length * 2));
      next.set(this.dir);
      this.dir = next;
    }
    const d = this.blocks * DIR;
    this.dir[d] = id;
    this.dir[d + 1] = id;
    this.dir[d + 2] = this.bytes;
    this.dir[d + 3] = 1;
    this.blocks++;
  }

  private writeVarint(value: number): void {
    if (this.bytes + 8 > this.data.length) {
      const next = new Uint8Array(Math.max(64, Math.ceil(this.data.length * 1.5)));
      next.set(this.data.subarray(0, this.bytes));
      this.data = next;
    }
    let v = value;
    while (v >= 0x80) {
      this.data[this.bytes++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.data[this.bytes++] = v;
  }

  /** Moves the kept blocks to the front (after dropping about half of them). */
  private compact(): void {
    const shift = this.dir[this.first * DIR + 2];
    const kept = this.blocks - this.first;
    this.data = this.data.slice(shift, Math.max(shift + 64, this.bytes + Math.ceil((this.bytes - shift) * 0.5)));
    this.bytes -= shift;
    const dir = new Float64Array(Math.max(DIR * 4, kept * DIR * 2));
    dir.set(this.dir.subarray(this.first * DIR, this.blocks * DIR));
    for (let b = 0; b < kept; b++) dir[b * DIR + 2] -= shift;
    this.dir = dir;
    this.blocks = kept;
    this.first = 0;
    this.cached = -1;
  }
}
