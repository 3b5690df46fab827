// How long the event loop was held up (a checkpoint, a big decode, GC), read at scrape time as the
// worst stall since start and the p99 of the delay. Sampled only while the server has work: node's
// own sampler (perf_hooks.monitorEventLoopDelay, every 10 ms) runs from a request on, and is put
// away once the server has seen no request and its loop stayed under 5% busy for `idleMs` (5 s, looked
// at every 5 s: on the 2-core VM every wake-up of an idle process costs ~1 ms, and a check once a
// second kept an idle server scraped once a second over the idle GC's threshold). An idle hookscope (a tool left
// running all day) then wakes ~7 times a second instead of ~105.
// Each busy spell gets a sampler of its own: one disabled and enabled again takes the whole pause as
// its next sample (measured: 269 ms after 250 ms off). A sampler written in JavaScript (a 10 ms
// interval recording its own lateness) was tried: 1.25% of an idle loop against 0.32% for node's,
// enough to keep the idle GC (server/memory/idle-gc.ts, under 1%) from ever running while it sampled.
// A stall while nothing at all was asked of the server goes unmeasured.
import { type IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Gauge } from './registry.js';

export interface LoopDelayOptions {
  /** Sampling interval while the server has work (ms, default 10). */
  resolutionMs?: number;
  /** Without requests and with the loop under `busyAt` for this long, sampling stops (ms, default 5000). */
  idleMs?: number;
  /** How often the loop's utilization is looked at (ms, default 5000). */
  checkMs?: number;
  /**
   * Event loop utilization (0..1) over a check at or above which the server counts as busy without a
   * request (default 0.05: well above what the sampler and the other timers of an idle server take,
   * so the sampler never keeps itself awake).
   */
  busyAt?: number;
}

export interface LoopDelayReading {
  /** Longest delay since start, ns (0 before any sampling). */
  maxNs(): number;
  /** p99 of the delay over the current busy spell (the latest one while asleep), ns. */
  p99Ns(): number;
}

export interface LoopDelay extends LoopDelayReading {
  /** Whether a sampler runs now. */
  readonly sampling: boolean;
  /** The server got a request: sample (from now on, if it was asleep). One check on the hot path. */
  active(): void;
  stop(): void;
}

/** Samples a spell needs before its own p99 is reported instead of the previous spell's. */
const MIN_SAMPLES = 100;

export function createLoopDelay(opts: LoopDelayOptions = {}): LoopDelay {
  const resolution = opts.resolutionMs ?? 10;
  const idleMs = opts.idleMs ?? 5000;
  const busyAt = opts.busyAt ?? 0.05;
  let current: IntervalHistogram | null = null;
  let previous: IntervalHistogram | null = null;
  let retiredMax = 0;
  let stopped = false;
  /** A request since the last check. */
  let seen = false;
  let lastBusy = performance.now();
  let elu = performance.eventLoopUtilization();

  function wake(): void {
    if (current !== null || stopped) return;
    lastBusy = performance.now();
    current = monitorEventLoopDelay({ resolution });
    current.enable();
  }
  function sleep(): void {
    if (current === null) return;
    current.disable();
    retiredMax = Math.max(retiredMax, current.max);
    if (current.count > 0) previous = current;
    current = null;
  }

  const check = setInterval(() => {
    const next = performance.eventLoopUtilization();
    const busy = seen || performance.eventLoopUtilization(next, elu).utilization >= busyAt;
    elu = next;
    seen = false;
    const now = performance.now();
    if (busy) {
      lastBusy = now;
      wake();
    } else if (now - lastBusy >= idleMs) sleep();
  }, opts.checkMs ?? 5000);
  check.unref();
  // Asleep until the first request (or a busy check): start-up's own synchronous work (opening the
  // store, building the routes, before anyone is served) is not a stall anyone waited through.

  return {
    get sampling() {
      return current !== null;
    },
    active() {
      seen = true;
      if (current === null) wake();
    },
    maxNs: () => Math.max(retiredMax, current?.max ?? 0),
    p99Ns() {
      const spell = current !== null && (current.count >= MIN_SAMPLES || previous === null) ? current : previous;
      return spell && spell.count > 0 ? spell.percentile(99) : 0;
    },
    stop() {
      stopped = true;
      clearInterval(check);
      sleep();
    },
  };
}

export function loopDelayGauges(d: LoopDelayReading): Gauge[] {
  const seconds = (ns: number): number => (Number.isFinite(ns) ? Math.round(ns / 1e3) / 1e6 : 0);
  return [
    { name: 'hookscope_event_loop_delay_max_seconds', help: 'Longest event loop stall since start (10 ms sampling while the server has work).', value: seconds(d.maxNs()) },
    { name: 'hookscope_event_loop_delay_p99_seconds', help: 'p99 of the event loop delay over the latest busy spell (10 ms sampling).', value: seconds(d.p99Ns()) },
  ];
}
