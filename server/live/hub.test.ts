import { describe, expect, it } from 'vitest';
import { createHub } from './hub.js';

describe('hub: which bins are watched (what a node sharing a database reads other nodes requests for)', () => {
  it('a bin subscriber, a watch() or an all-bins listener make bins watched; a passive all-bins listener does not', () => {
    const hub = createHub();
    expect(hub.watches('a')).toBe(false);
    const offPassive = hub.subscribeAll(() => {}, { passive: true });
    expect(hub.watches('a')).toBe(false);
    const unwatch = hub.watch('a');
    expect(hub.watches('a')).toBe(true);
    expect(hub.watches('b')).toBe(false);
    unwatch();
    unwatch(); // twice is once
    expect(hub.watches('a')).toBe(false);
    const off = hub.subscribe('b', () => {});
    expect(hub.watches('b')).toBe(true);
    off();
    const offAll = hub.subscribeAll(() => {});
    expect(hub.watches('anything')).toBe(true);
    offAll();
    offPassive();
    offPassive();
    expect(hub.watches('anything')).toBe(false);
    expect(hub.subscriberCount()).toBe(0);
  });
});
