// One term's request ids in one bin, ascending (ids rise in commit order), as 4-byte offsets from a
// base id: a million postings take 4 MB. (Ids of one bin more than 2^32 apart, which would take
// billions of requests, switch the list to 8-byte ids.) Appended at commit; ids below the bin's floor
// (pruned) are dropped lazily, when the dead head outgrows the live part. Deleted single requests may
// linger: the store confirms every candidate against the requests table.

const MIN_CAPACITY = 4;
const MAX_OFFSET = 0xffff_ffff;

type Ids = Uint32Array | Float64Array;

export class PostingList {
  private base = 0;
  private ids: Ids = new Uint32Array(MIN_CAPACITY);
  /** Index of the first entry still kept (the ones before were pruned). */
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  at(i: number): number {
    return this.base + this.ids[this.start + i];
  }

  push(id: number): void {
    if (this.end === this.start) {
      this.start = this.end = 0;
      this.base = id;
    } else if (id <= this.at(this.length - 1)) return; // already there (a rebuild racing a commit)
    if (id - this.base > MAX_OFFSET && this.ids instanceof Uint32Array) this.widen();
    if (this.end === this.ids.length) this.resize(this.length * 2);
    this.ids[this.end++] = id - this.base;
  }

  /** Forgets ids below `floor`; compacts when the dead head is larger than what is left. */
  dropBelow(floor: number): void {
    const cut = this.lowerBound(floor);
    if (cut === 0) return;
    this.start += cut;
    if (this.start > this.length) this.resize(this.length * 2);
  }

  /** First position whose id is >= `id` (length when none). */
  lowerBound(id: number): number {
    const target = id - this.base;
    if (target <= 0) return 0;
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.start;
  }

  has(id: number): boolean {
    const i = this.lowerBound(id);
    return i < this.length && this.at(i) === id;
  }

  /** Bytes held (memory accounting). */
  bytes(): number {
    return this.ids.byteLength + 48;
  }

  /** Copies the live entries into a new array of `capacity` (at least MIN_CAPACITY). */
  private resize(capacity: number, wide = this.ids instanceof Float64Array): void {
    const next = wide ? new Float64Array(Math.max(MIN_CAPACITY, capacity)) : new Uint32Array(Math.max(MIN_CAPACITY, capacity));
    for (let i = this.start, j = 0; i < this.end; i++, j++) next[j] = this.ids[i];
    this.ids = next;
    this.end -= this.start;
    this.start = 0;
  }

  private widen(): void {
    this.resize(this.ids.length, true);
  }
}
