import { describe, expect, it } from 'vitest';
import { PostingList } from './posting-list.js';
import { createTermIndex } from './term-index.js';

/** A tiny deterministic PRNG, so a failure replays. */
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('posting list', () => {
  it('keeps ascending ids through growth, pruned heads and huge gaps', () => {
    const list = new PostingList();
    const ref: number[] = [];
    const rand = rng(3);
    let id = 1;
    for (let step = 0; step < 20_000; step++) {
      const r = rand();
      if (r < 0.8) {
        id += 1 + Math.floor(rand() * 5);
        if (step === 10_000) id += 2 ** 33; // further than 4-byte offsets reach
        list.push(id);
        ref.push(id);
      } else if (r < 0.85 && ref.length > 0) {
        const floor = ref[Math.floor(rand() * ref.length)];
        list.dropBelow(floor);
        ref.splice(0, ref.findIndex((x) => x >= floor));
      }
    }
    expect(list.length).toBe(ref.length);
    for (let i = 0; i < ref.length; i += 97) expect(list.at(i)).toBe(ref[i]);
    expect(list.has(ref[ref.length - 1])).toBe(true);
    expect(list.has(ref[ref.length - 1] + 1)).toBe(false);
    expect(list.lowerBound(ref[5] + 1)).toBe(6);
  });

  it('ignores an id it already holds', () => {
    const list = new PostingList();
    list.push(5);
    list.push(5);
    list.push(3);
    expect(list.length).toBe(1);
  });
});

describe('term index', () => {
  it('intersects terms in either order within bounds, and forgets pruned and cleared requests', () => {
    const index = createTermIndex();
    const ref = new Map<number, string[]>();
    const rand = rng(11);
    for (let id = 1; id <= 5000; id++) {
      const terms = ['*', `n:${Math.floor(rand() * 4)}`, `c:${Math.floor(rand() * 30)}`];
      if (rand() < 0.1) terms.push('u:rare');
      index.add('b', id, terms);
      ref.set(id, terms);
      index.add('other', id, ['*', 'n:0']);
    }
    const brute = (terms: string[], lo: number, hi: number) =>
      [...ref].filter(([id, t]) => id > lo && id < hi && terms.every((x) => t.includes(x))).map(([id]) => id);
    for (const terms of [['n:1'], ['n:2', 'c:7'], ['u:rare', 'c:3', 'n:0'], ['*']]) {
      const asc = brute(terms, 100, 4000);
      expect(index.candidates('b', terms, { after: 100, before: 4000, order: 'asc' }, 1e9)).toEqual(asc);
      expect(index.candidates('b', terms, { after: 100, before: 4000, order: 'desc' }, 25)).toEqual(asc.reverse().slice(0, 25));
    }
    expect(index.candidates('b', ['n:9'], { order: 'asc' }, 10)).toEqual([]);
    index.prunedUpTo('b', 2500);
    const kept = index.candidates('b', ['*'], { order: 'asc' }, 1e9);
    expect(kept[0]).toBe(2501);
    expect(kept).toHaveLength(2500);
    index.dropBin('b');
    expect(index.candidates('b', ['*'], { order: 'asc' }, 10)).toEqual([]);
    expect(index.candidates('other', ['n:0'], { order: 'desc' }, 2)).toEqual([5000, 4999]);
  });
});
