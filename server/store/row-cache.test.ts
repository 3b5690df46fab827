import { describe, expect, it } from 'vitest';
import type { StoredRequest } from './contract.js';
import { cachedByIds, createRowCache } from './row-cache.js';

const row = (id: number) => ({ summary: { id }, rawHeaders: [], body: new Uint8Array() }) as unknown as StoredRequest;

describe('row cache', () => {
  it('keeps the most recently used rows, up to its size, and hands out the same object', () => {
    const cache = createRowCache<StoredRequest>(2);
    const a = row(1);
    cache.set(1, a);
    cache.set(2, row(2));
    expect(cache.get(1)).toBe(a); // 1 is now the newest
    cache.set(3, row(3)); // evicts 2, the least recently used
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)).toBe(a);
    expect(cache.get(3)?.summary.id).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('reads only what it lacks, keeps the order asked, and leaves out ids the read did not return', () => {
    const cache = createRowCache<StoredRequest>(10);
    cache.set(2, row(2));
    const asked: number[][] = [];
    const got = cachedByIds(cache, [3, 2, 1], (missing) => (asked.push(missing), missing.filter((id) => id !== 1).map(row)), (r) => r.summary.id);
    expect(got.map((r) => r.summary.id)).toEqual([3, 2]);
    expect(asked).toEqual([[3, 1]]);
    expect(cachedByIds(cache, [3, 2], () => { throw new Error('all cached'); }, (r) => r.summary.id).map((r) => r.summary.id)).toEqual([3, 2]);
  });
});
