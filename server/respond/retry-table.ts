// The retry groups' memory, fixed at start: two generations of open-addressing tables keyed by a
// 128-bit digest, in typed arrays. New keys go into the young generation; when it holds `capacity / 2`
// it becomes the old one and the previous old one is cleared whole; a key found in the old generation
// moves to the young one. So it keeps between capacity/2 and capacity keys, those seen most recently,
// with O(1) operations and no eviction walk (as recent-map.ts did with two Maps). The Maps cost ~450
// bytes a group (a ~170-character key string, a Group object, the entry; measured 43 MB at 100,000
// groups) and grew for minutes under a flood of distinct bodies (the soak phase's RSS climb); these
// arrays take 37 bytes a slot, 2.5 slots a key: ~9 MB for 100,000 groups, all of it from the start.

/** Where a key lives now (always the young generation after a find/insert). */
export type Slot = number;

const EMPTY = 0;
const USED = 1;
const GONE = 2; // a deleted key: lookups probe on, inserts may reuse

class Generation {
  readonly keys: Int32Array;
  readonly state: Uint8Array;
  readonly firstId: Float64Array;
  readonly lastAt: Float64Array;
  readonly count: Uint32Array;
  readonly settled: Uint8Array;
  readonly mask: number;
  size = 0;
  constructor(slots: number) {
    this.keys = new Int32Array(slots * 4);
    this.state = new Uint8Array(slots);
    this.firstId = new Float64Array(slots);
    this.lastAt = new Float64Array(slots);
    this.count = new Uint32Array(slots);
    this.settled = new Uint8Array(slots);
    this.mask = slots - 1;
  }

  /** The slot holding the key, or -1-(the first free slot on its probe path). */
  probe(k: Int32Array): number {
    let i = k[0] & this.mask;
    let free = -1;
    for (;;) {
      const s = this.state[i];
      if (s === EMPTY) return -1 - (free === -1 ? i : free);
      if (s === GONE) {
        if (free === -1) free = i;
      } else {
        const o = i * 4;
        if (this.keys[o] === k[0] && this.keys[o + 1] === k[1] && this.keys[o + 2] === k[2] && this.keys[o + 3] === k[3]) return i;
      }
      i = (i + 1) & this.mask;
    }
  }

  put(at: number, k: Int32Array, from?: { g: Generation; i: number }): number {
    this.keys.set(k, at * 4);
    this.state[at] = USED;
    this.size++;
    if (from) {
      this.firstId[at] = from.g.firstId[from.i];
      this.lastAt[at] = from.g.lastAt[from.i];
      this.count[at] = from.g.count[from.i];
      this.settled[at] = from.g.settled[from.i];
    } else {
      this.firstId[at] = Number.NaN;
      this.lastAt[at] = 0;
      this.count[at] = 0;
      this.settled[at] = 0;
    }
    return at;
  }

  remove(i: number): void {
    this.state[i] = GONE;
    this.size--;
  }

  /** Only the states: a key being moved out keeps its fields readable until it is copied. */
  clear(): void {
    this.state.fill(EMPTY);
    this.size = 0;
  }
}

export class RetryTable {
  #young: Generation;
  #old: Generation;
  readonly #half: number;

  constructor(capacity: number) {
    this.#half = Math.max(1, Math.ceil(capacity / 2));
    // At most 40 % full: short probe runs.
    let slots = 8;
    while (slots < this.#half * 2.5) slots *= 2;
    this.#young = new Generation(slots);
    this.#old = new Generation(slots);
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }

  /** The young-generation slot of the key (moved there from the old one), or -1. */
  find(k: Int32Array): Slot {
    const at = this.#young.probe(k);
    if (at >= 0) return at;
    const g = this.#old;
    const old = g.probe(k);
    if (old < 0) return -1;
    // Marked gone first; its fields stay readable for the copy (even if the generation is cleared now).
    g.remove(old);
    return this.#insert(k, { g, i: old });
  }

  /** A fresh group for a key that find() did not return. */
  insert(k: Int32Array): Slot {
    return this.#insert(k);
  }

  #insert(k: Int32Array, from?: { g: Generation; i: number }): Slot {
    if (this.#young.size >= this.#half) {
      const dropped = this.#old;
      dropped.clear();
      this.#old = this.#young;
      this.#young = dropped;
    }
    const at = this.#young.probe(k);
    return this.#young.put(at >= 0 ? at : -1 - at, k, from);
  }

  // Fields of a young-generation slot.
  count = (s: Slot): number => this.#young.count[s];
  lastAt = (s: Slot): number => this.#young.lastAt[s];
  settled = (s: Slot): boolean => this.#young.settled[s] === 1;
  /** The first request's id; undefined until known, or when its write failed. */
  firstId = (s: Slot): number | undefined => (Number.isNaN(this.#young.firstId[s]) ? undefined : this.#young.firstId[s]);
  touch(s: Slot, at: number): void {
    this.#young.count[s]++;
    this.#young.lastAt[s] = at;
  }
  settle(s: Slot, id: number | undefined): void {
    this.#young.firstId[s] = id ?? Number.NaN;
    this.#young.settled[s] = 1;
  }
  /** A group's first request, being written: one attempt, its id not known yet. */
  start(s: Slot, at: number): void {
    this.#young.firstId[s] = Number.NaN;
    this.#young.settled[s] = 0;
    this.#young.count[s] = 1;
    this.#young.lastAt[s] = at;
  }

  /** Drops every key whose last sighting `keep` rejects (a full walk: for occasional sweeps). */
  retainByLastAt(keep: (lastAt: number) => boolean): void {
    for (const g of [this.#young, this.#old]) {
      for (let i = 0; i < g.state.length; i++) if (g.state[i] === USED && !keep(g.lastAt[i])) g.remove(i);
    }
  }
}
