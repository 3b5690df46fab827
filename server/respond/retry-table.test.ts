import { describe, expect, it } from 'vitest';
import { RetryTable } from './retry-table.js';
import { createRetryTracker } from './retries.js';

const key = (n: number): Int32Array => Int32Array.of(Math.imul(n, 0x9e3779b1), n, ~n, n * 7);

describe('RetryTable', () => {
  it('keeps at most its capacity and forgets the least recently seen first', () => {
    const t = new RetryTable(4);
    for (let i = 0; i < 4; i++) t.start(t.insert(key(i)), i);
    expect(t.size).toBe(4);
    // 0 is seen again: it moves to the young generation and outlives 1.
    expect(t.lastAt(t.find(key(0)))).toBe(0);
    t.start(t.insert(key(4)), 4);
    t.start(t.insert(key(5)), 5);
    expect(t.size).toBeLessThanOrEqual(4);
    expect(t.find(key(1))).toBe(-1);
    expect(t.lastAt(t.find(key(0)))).toBe(0);
    expect(t.lastAt(t.find(key(5)))).toBe(5);
  });

  it('stays bounded over many distinct keys and keeps the newest half, fields intact', () => {
    const t = new RetryTable(1000);
    for (let i = 0; i < 100_000; i++) {
      const s = t.insert(key(i));
      t.start(s, i);
      t.settle(s, i + 1);
      if (i % 997 === 0) expect(t.size).toBeLessThanOrEqual(1000);
    }
    for (let i = 100_000 - 500; i < 100_000; i++) {
      const s = t.find(key(i));
      expect([t.lastAt(s), t.firstId(s), t.settled(s), t.count(s)]).toEqual([i, i + 1, true, 1]);
    }
    expect(t.find(key(0))).toBe(-1);
  });

  it('moves a key out of the old generation at the very moment the young one is full', () => {
    const t = new RetryTable(4); // two keys a generation
    t.start(t.insert(key(1)), 1);
    t.touch(t.find(key(1)), 2);
    t.start(t.insert(key(2)), 3); // young full: {1, 2}
    t.start(t.insert(key(3)), 4); // swap: old {1, 2}, young {3}
    t.start(t.insert(key(4)), 5); // young full {3, 4}
    const s = t.find(key(1)); // old -> young: a swap drops {1, 2}'s generation while 1 is copied out of it
    expect([t.count(s), t.lastAt(s)]).toEqual([2, 2]);
    expect(t.find(key(2))).toBe(-1);
    expect(t.lastAt(t.find(key(3)))).toBe(4);
  });

  it('retainByLastAt drops what the predicate rejects, and lookups probe past the holes', () => {
    const t = new RetryTable(100);
    for (let i = 0; i < 40; i++) t.start(t.insert(key(i)), i);
    t.retainByLastAt((at) => at % 2 === 0);
    expect(t.size).toBe(20);
    expect(t.find(key(3))).toBe(-1);
    for (let i = 0; i < 40; i += 2) expect(t.lastAt(t.find(key(i)))).toBe(i);
  });
});

describe('retry tracker bounds', () => {
  const input = (body: string, receivedAt = 1) => ({ method: 'POST', path: '/h/b', rawHeaders: [], body: Buffer.from(body), receivedAt });

  it('remembers at most maxGroups across all bins, and still groups a recent retry after many distinct bodies', () => {
    const t = createRetryTracker(60_000, 100);
    // A flood of distinct bodies over 1000 bins (auto-created bins cost an attacker nothing).
    for (let i = 0; i < 10_000; i++) t.mark(`bin-${i % 1000}`, input(`body ${i}`)).committed?.(i + 1);
    expect(t.groupCount()).toBeLessThanOrEqual(100);
    const again = t.mark('bin-999', input('body 9999'));
    expect(again.fields).toEqual({ retryOf: 10_000, attempt: 2, bodyHash: expect.any(String) });
    expect(t.mark('bin-0', input('body 0')).fields).toMatchObject({ attempt: 1 });
  });

  it('keeps bins apart: the same body in another bin is not a retry', () => {
    const t = createRetryTracker();
    t.mark('a', input('same')).committed?.(1);
    expect(t.mark('b', input('same')).fields).toMatchObject({ attempt: 1 });
    expect(t.mark('a', input('same')).fields).toMatchObject({ attempt: 2, retryOf: 1 });
  });

  it('a retry that overtakes the first commit waits for its id', async () => {
    const t = createRetryTracker();
    const first = t.mark('b', input('same'));
    const second = t.mark('b', input('same'));
    expect(second.fields).toBeInstanceOf(Promise);
    first.committed?.(42);
    expect(await second.fields).toMatchObject({ retryOf: 42, attempt: 2 });
  });

  it('the sweep forgets groups older than the window', () => {
    const t = createRetryTracker(1000);
    t.mark('b', input('x', 0)).committed?.(1);
    t.sweep(5000);
    expect(t.groupCount()).toBe(0);
    expect(t.mark('b', input('x', 5000)).fields).toMatchObject({ attempt: 1 });
  });
});
