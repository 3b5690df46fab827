import { describe, expect, it } from 'vitest';
import type { StorageHealth } from './api.js';
import { createHealthWatch } from './health-state.js';

function fakeTimers() {
  const pending: { f: () => void; ms: number }[] = [];
  return {
    pending,
    setTimer: (f: () => void, ms: number) => {
      const t = { f, ms };
      pending.push(t);
      return t;
    },
    clearTimer: (t: unknown) => {
      const i = pending.indexOf(t as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
    async fire(): Promise<void> {
      const t = pending.shift();
      t?.f();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('health watch', () => {
  it('follows /healthz: degraded with its reason, polled faster meanwhile, ok again after', async () => {
    const answers: (StorageHealth | null)[] = [{ status: 'ok' }, { status: 'degraded', reason: 'disk full' }, null, { status: 'ok' }];
    const timers = fakeTimers();
    const watch = createHealthWatch({ check: async () => (answers.length > 0 ? (answers.shift() as StorageHealth | null) : { status: 'ok' }), intervalMs: 4000, degradedIntervalMs: 1500, ...timers });
    watch.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(watch.health.value).toEqual({ status: 'ok' });
    expect(timers.pending.map((t) => t.ms)).toEqual([4000]);
    await timers.fire();
    expect(watch.health.value).toEqual({ status: 'degraded', reason: 'disk full' });
    expect(timers.pending.map((t) => t.ms)).toEqual([1500]);
    await timers.fire(); // unreachable: keeps what it knew
    expect(watch.health.value.status).toBe('degraded');
    await timers.fire();
    expect(watch.health.value).toEqual({ status: 'ok' });
    expect(timers.pending.map((t) => t.ms)).toEqual([4000]);
    await watch.poll(); // asked for from outside: still one timer
    expect(timers.pending).toHaveLength(1);
    watch.stop();
    expect(timers.pending).toHaveLength(0);
  });

  it('does not ask while the page is hidden', async () => {
    let asked = 0;
    const timers = fakeTimers();
    const watch = createHealthWatch({ check: async () => (asked++, { status: 'ok' }), active: () => false, ...timers });
    watch.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toBe(0);
    expect(timers.pending).toHaveLength(1);
    watch.stop();
  });
});
