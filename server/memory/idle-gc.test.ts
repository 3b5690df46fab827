import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createIdleGc, exposeGc, startIdleGc } from './idle-gc.js';

describe('idle GC', () => {
  it('collects once after idleMs of quiet, and again only after more work', () => {
    let runs = 0;
    const load = [0.5, 0.2, 0, 0, 0, 0, 0, 0, 0.3, 0, 0, 0];
    let t = 0;
    const idle = createIdleGc({ intervalMs: 1000, idleMs: 3000, gc: () => runs++, youngBytes: () => 0, utilization: () => load[t] ?? 0 });
    const after: number[] = [];
    for (; t < 12; t++) {
      idle.tick();
      after.push(runs);
    }
    // busy, busy, quiet x3 -> collect at the 5th look; quiet goes on: nothing; busy at the 9th, quiet x3 -> again.
    expect(after).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2]);
    expect(idle.runs).toBe(2);
  });

  it('counts start-up as work: a server quiet from the start collects once', () => {
    let runs = 0;
    const idle = createIdleGc({ intervalMs: 1000, idleMs: 2000, gc: () => runs++, youngBytes: () => 0, utilization: () => 0.001 });
    for (let t = 0; t < 10; t++) idle.tick();
    expect(runs).toBe(1);
  });

  it('never collects while the loop stays busy', () => {
    let runs = 0;
    const idle = createIdleGc({ intervalMs: 1000, idleMs: 2000, busyAt: 0.01, gc: () => runs++, utilization: () => 0.02 });
    for (let t = 0; t < 20; t++) idle.tick();
    expect(runs).toBe(0);
  });

  it('tries again after another quiet spell while the young generation stays big, up to `tries` times', () => {
    let runs = 0;
    let young = 32 * 2 ** 20;
    const idle = createIdleGc({ intervalMs: 1000, idleMs: 2000, tries: 3, gc: () => runs++, youngBytes: () => young, utilization: () => 0 });
    const after: number[] = [];
    for (let t = 0; t < 10; t++) {
      idle.tick();
      after.push(runs);
    }
    expect(after).toEqual([0, 1, 1, 2, 2, 3, 3, 3, 3, 3]);
    // Given back at the first try of the next quiet period: one collection, then none.
    let busy = true;
    const again = createIdleGc({ intervalMs: 1000, idleMs: 2000, gc: () => ((runs = 0), (young = 1)), youngBytes: () => young, utilization: () => (busy ? ((busy = false), 1) : 0) });
    young = 32 * 2 ** 20;
    for (let t = 0; t < 10; t++) again.tick();
    expect(again.runs).toBe(1);
  });

  it('waits until V8 itself has not collected for idleMs either', () => {
    let runs = 0;
    let sinceGc = 0;
    const idle = createIdleGc({ intervalMs: 1000, idleMs: 2000, gc: () => runs++, youngBytes: () => 0, utilization: () => 0, sinceGcMs: () => sinceGc });
    for (let t = 0; t < 5; t++) idle.tick();
    expect(runs).toBe(0); // the loop is quiet, but V8 just collected
    sinceGc = 2500;
    idle.tick();
    expect(runs).toBe(1);
  });

  it("does not count its own collection as work (else it would collect every quiet spell, forever)", () => {
    let gcTimeUncounted = false;
    const idle = createIdleGc({
      intervalMs: 1000, idleMs: 2000, youngBytes: () => 0,
      gc: () => void (gcTimeUncounted = true),
      // The loop was busy while the collection ran: whoever reads the utilization next sees it.
      utilization: () => (gcTimeUncounted ? ((gcTimeUncounted = false), 0.5) : 0),
    });
    for (let t = 0; t < 30; t++) idle.tick();
    expect(idle.runs).toBe(1);
  });

  it('a collector that throws does not stop the server', () => {
    const idle = createIdleGc({ intervalMs: 1000, idleMs: 1000, gc: () => { throw new Error('no'); }, utilization: () => 0 });
    expect(() => idle.tick()).not.toThrow();
    expect(idle.runs).toBe(0);
  });

  it('without a collector it does nothing', () => {
    const idle = createIdleGc({ intervalMs: 1000, idleMs: 1000, gc: null, utilization: () => 0 });
    idle.tick();
    expect(idle.runs).toBe(0);
  });

  // What the module rests on, with the real collector and loop: V8 gives a grown young generation back
  // at a GC after ~5 s of a low (but not zero) allocation rate, and an idle process runs no GC by itself.
  // Fails if a Node/V8 update changes either.
  it('gives back the young generation a burst grew, once the loop has been quiet', async () => {
    expect(typeof exposeGc()).toBe('function');
    const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.physical_space_size;
    const idle = startIdleGc({ intervalMs: 250, idleMs: 5500 });
    try {
      const keep: object[] = [];
      for (let i = 0; i < 3e6; i++) {
        const o = { a: i, b: `x${i}` };
        if (i % 10 === 0) keep.push(o);
        if (keep.length > 50_000) keep.length = 0;
      }
      keep.length = 0;
      const grown = newSpace();
      expect(grown).toBeGreaterThan(8 * 2 ** 20);
      // One quiet spell after V8's last GC (a try more on a busy machine).
      const until = Date.now() + 24_000;
      while (newSpace() >= grown / 4 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(idle.runs).toBeGreaterThanOrEqual(1);
      expect(newSpace()).toBeLessThan(grown / 4);
    } finally {
      idle.stop();
    }
  }, 40_000);
});
