// Storage health for the banner: /healthz polled while the page is visible, more often while degraded
// (a full disk), so the banner appears within a few seconds and goes once hookscope has made room.
import { signal } from '@preact/signals';
import type { StorageHealth } from './api.js';

export interface HealthWatchOptions {
  check: () => Promise<StorageHealth | null>;
  /** Whether polling is worth it now (document visible). */
  active?: () => boolean;
  intervalMs?: number;
  degradedIntervalMs?: number;
  setTimer?: (f: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export function createHealthWatch(opts: HealthWatchOptions) {
  const health = signal<StorageHealth>({ status: 'ok' });
  const interval = opts.intervalMs ?? 4000;
  const degradedInterval = opts.degradedIntervalMs ?? 1500;
  const setTimer = opts.setTimer ?? ((f: () => void, ms: number) => setTimeout(f, ms));
  const clearTimer = opts.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let timer: unknown;
  let running = false;
  // A poll asked for from outside (page shown again) replaces the pending one: one timer at a time.
  let generation = 0;

  async function poll(): Promise<void> {
    const own = ++generation;
    clearTimer(timer);
    if (opts.active?.() !== false) {
      // Unreachable (null) keeps the last answer: the connection badge tells that story.
      const next = await opts.check();
      if (next && (next.status !== health.value.status || (next.status === 'degraded' && health.value.status === 'degraded' && next.reason !== health.value.reason))) {
        health.value = next;
      }
    }
    if (running && own === generation) timer = setTimer(() => void poll(), health.value.status === 'degraded' ? degradedInterval : interval);
  }

  return {
    health,
    start(): void {
      if (running) return;
      running = true;
      void poll();
    },
    stop(): void {
      running = false;
      clearTimer(timer);
    },
    /** Looks now (a capture or a save just failed with 507). */
    poll,
  };
}

export type HealthWatch = ReturnType<typeof createHealthWatch>;
