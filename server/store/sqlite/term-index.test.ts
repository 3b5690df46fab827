import { describe, expect, it } from 'vitest';
import { PostingList } from './posting-list.js';
import type { EventFilter } from '../contract.js';
import type { EventIndexEntry } from '../request-row.js';
import { filterTerms, termsOf } from '../terms.js';
import { createTermIndex } from './term-index.js';

/** A tiny deterministic PRNG, so a failure replays. */
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const all = (list: PostingList, low = 0, high = Number.MAX_SAFE_INTEGER, order: 'asc' | 'desc' = 'asc'): number[] => {
  const out: number[] = [];
  list.scan(low, high, order, (id) => (out.push(id), true));
  return out;
};

describe('posting list', () => {
  it('keeps ascending ids through small and block form, pruned heads and huge gaps, in both scan orders', () => {
    const list = new PostingList();
    let ref: number[] = [];
    let floor = 0;
    const rand = rng(3);
    let id = 1;
    for (let step = 0; step < 20_000; step++) {
      const r = rand();
      if (r < 0.8) {
        id += 1 + Math.floor(rand() * (step % 3 === 0 ? 500 : 5));
        if (step === 10_000) id += 2 ** 40; // a delta far beyond 32 bits
        list.push(id);
        ref.push(id);
      } else if (r < 0.81 && ref.length > 0) {
        floor = ref[Math.floor(rand() * ref.length)];
        list.dropBelow(floor);
        ref = ref.filter((x) => x >= floor);
      }
    }
    // Blocks below the floor are dropped whole; what the reader asks for above the floor is exact.
    expect(all(list, floor)).toEqual(ref);
    expect(all(list, floor, Number.MAX_SAFE_INTEGER, 'desc')).toEqual([...ref].reverse());
    expect(ref.length).toBeGreaterThan(50);
    const [a, b] = [ref[10], ref[ref.length - 10]];
    expect(all(list, a, b)).toEqual(ref.filter((x) => x >= a && x < b));
    expect(all(list, a, b, 'desc')).toEqual(ref.filter((x) => x >= a && x < b).reverse());
    for (let i = 0; i < ref.length; i += 37) expect(list.has(ref[i])).toBe(true);
    expect(list.has(ref[ref.length - 1] + 1)).toBe(false);
    expect(list.has(ref[5] + 1) === ref.includes(ref[5] + 1)).toBe(true);
    expect(list.last).toBe(ref[ref.length - 1]);
    // Stops when the visitor says so.
    const firstThree: number[] = [];
    expect(list.scan(floor, Number.MAX_SAFE_INTEGER, 'asc', (x) => (firstThree.push(x), firstThree.length < 3))).toBe(false);
    expect(firstThree).toEqual(ref.slice(0, 3));
  });

  it('takes one to two bytes an id, not eight', () => {
    const dense = new PostingList();
    const sparse = new PostingList();
    for (let id = 1; id <= 1_000_000; id++) {
      dense.push(id * 2);
      if (id % 100 === 0) sparse.push(id * 2);
    }
    expect(dense.footprint() / dense.length).toBeLessThan(2);
    expect(sparse.footprint() / sparse.length).toBeLessThan(3);
    expect(all(sparse, 0, 2000)).toEqual(Array.from({ length: 9 }, (_, i) => (i + 1) * 200));
  });

  it('ignores an id it already holds or one below its last', () => {
    const list = new PostingList();
    list.push(5);
    list.push(5);
    list.push(3);
    expect(list.length).toBe(1);
    for (let i = 6; i < 500; i++) list.push(i);
    list.push(100);
    expect(all(list)).toEqual([5, ...Array.from({ length: 494 }, (_, i) => i + 6)]);
  });
});

describe('term index', () => {
  it('finds exactly the requests the engine-neutral terms name, in either order within bounds, and forgets pruned and cleared ones', () => {
    const index = createTermIndex();
    const ref = new Map<number, string[]>();
    const rand = rng(11);
    for (let id = 1; id <= 5000; id++) {
      const events: EventIndexEntry[] = [];
      for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) {
        events.push({
          name: `n${Math.floor(rand() * 4)}`,
          channel: `c${Math.floor(rand() * 30)}`,
          ...(rand() < 0.3 && { event: `e${Math.floor(rand() * 3)}` }),
          ...(rand() < 0.1 && { userId: 'rare' }),
        });
      }
      index.add('b', id, events);
      ref.set(id, termsOf(events));
      index.add('other', id, [{ name: 'n0' }]);
    }
    const brute = (f: EventFilter, lo: number, hi: number) =>
      [...ref].filter(([id, t]) => id > lo && id < hi && filterTerms(f).every((x) => t.includes(x))).map(([id]) => id);
    const filters: EventFilter[] = [{ name: 'n1' }, { name: 'n2', channel: 'c7' }, { userId: 'rare', channel: 'c3', name: 'n0' }, {}, { event: 'e1', channel: 'c4' }];
    for (const f of filters) {
      const asc = brute(f, 100, 4000);
      expect(asc.length, JSON.stringify(f)).toBeGreaterThan(0);
      expect(index.candidates('b', f, { after: 100, before: 4000, order: 'asc' }, 1e9)).toEqual(asc);
      expect(index.candidates('b', f, { after: 100, before: 4000, order: 'desc' }, 25)).toEqual(asc.reverse().slice(0, 25));
    }
    expect(index.candidates('b', { name: 'n9' }, { order: 'asc' }, 10)).toEqual([]);
    index.prunedUpTo('b', 2500);
    const kept = index.candidates('b', {}, { order: 'asc' }, 1e9);
    expect(kept[0]).toBe(2501);
    expect(kept).toHaveLength(2500);
    index.dropBin('b');
    expect(index.candidates('b', {}, { order: 'asc' }, 10)).toEqual([]);
    expect(index.candidates('other', { name: 'n0' }, { order: 'desc' }, 2)).toEqual([5000, 4999]);
  });
});
