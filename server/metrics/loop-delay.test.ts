import { afterEach, describe, expect, it } from 'vitest';
import { createLoopDelay, type LoopDelay } from './loop-delay.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const block = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};
const maxMs = (d: LoopDelay) => d.maxNs() / 1e6;

describe('loop delay sampler', () => {
  let d: LoopDelay | null = null;
  afterEach(() => d?.stop());

  it('sleeps until the first request, then records a stall of the loop', async () => {
    d = createLoopDelay({ idleMs: 10_000, checkMs: 50, busyAt: 0.9 });
    expect(d.sampling).toBe(false);
    block(120); // start-up work before anyone is served: not a stall anyone waited through
    d.active();
    expect(d.sampling).toBe(true);
    await sleep(30);
    expect(maxMs(d)).toBeLessThan(60);
    block(80);
    await sleep(30);
    expect(maxMs(d)).toBeGreaterThanOrEqual(60);
    expect(d.p99Ns()).toBeGreaterThan(0);
  });

  it('stops sampling once idle, and the pause is not counted as a stall when a request wakes it', async () => {
    d = createLoopDelay({ idleMs: 150, checkMs: 40, busyAt: 0.3 });
    await sleep(400);
    expect(d.sampling).toBe(false);
    const before = maxMs(d);
    expect(before).toBeLessThan(100);
    d.active();
    expect(d.sampling).toBe(true);
    await sleep(60);
    // node's own monitor would now hold a ~250 ms sample: the time it was off
    expect(maxMs(d)).toBeLessThan(100);
    block(70);
    await sleep(30);
    expect(maxMs(d)).toBeGreaterThanOrEqual(50);
  });

  it('keeps sampling while requests keep coming', async () => {
    d = createLoopDelay({ idleMs: 150, checkMs: 40 });
    for (let i = 0; i < 8; i++) {
      d.active();
      await sleep(50);
    }
    expect(d.sampling).toBe(true);
  });

  it('wakes on a busy loop without requests (another node\'s captures fanned out here)', async () => {
    d = createLoopDelay({ idleMs: 100, checkMs: 40, busyAt: 0.3 });
    await sleep(300);
    expect(d.sampling).toBe(false);
    for (let i = 0; i < 8 && !d.sampling; i++) {
      block(30); // ~65% busy over the next check
      await sleep(15);
    }
    expect(d.sampling).toBe(true);
  });

  it('stop() ends sampling for good', async () => {
    d = createLoopDelay({ idleMs: 100, checkMs: 20 });
    d.stop();
    d.active();
    expect(d.sampling).toBe(false);
  });
});
