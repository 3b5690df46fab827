import { describe, expect, it } from 'vitest';
import { RecentMap } from './recent-map.js';
import { createRetryTracker } from './retries.js';

describe('RecentMap', () => {
  it('keeps at most its capacity and forgets the least recently seen first', () => {
    const m = new RecentMap<number>(4);
    for (let i = 0; i < 4; i++) m.set(`k${i}`, i);
    expect(m.size).toBe(4);
    // k0 is seen again: it moves to the young generation and outlives k1.
    expect(m.get('k0')).toBe(0);
    m.set('k4', 4);
    m.set('k5', 5);
    expect(m.size).toBeLessThanOrEqual(4);
    expect(m.get('k1')).toBeUndefined();
    expect(m.get('k0')).toBe(0);
    expect(m.get('k5')).toBe(5);
  });

  it('stays bounded over many distinct keys and keeps the newest half', () => {
    const m = new RecentMap<number>(1000);
    for (let i = 0; i < 100_000; i++) {
      m.set(String(i), i);
      if (i % 997 === 0) expect(m.size).toBeLessThanOrEqual(1000);
    }
    for (let i = 100_000 - 500; i < 100_000; i++) expect(m.get(String(i))).toBe(i);
    expect(m.get('0')).toBeUndefined();
  });

  it('set replaces a value in either generation without growing', () => {
    const m = new RecentMap<string>(4);
    m.set('a', '1');
    m.set('b', '1');
    m.set('c', '1'); // a and b are now old
    m.set('a', '2');
    m.set('c', '2');
    expect([m.get('a'), m.get('b'), m.get('c'), m.size]).toEqual(['2', '1', '2', 3]);
  });

  it('retain drops what the predicate rejects', () => {
    const m = new RecentMap<number>(10);
    for (let i = 0; i < 8; i++) m.set(String(i), i);
    m.retain((v) => v % 2 === 0);
    expect(m.size).toBe(4);
    expect(m.get('3')).toBeUndefined();
    expect(m.get('4')).toBe(4);
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
