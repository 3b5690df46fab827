// How long the event loop was held up (a checkpoint, a big decode, GC): node's own sampler
// (perf_hooks.monitorEventLoopDelay), read at scrape time as the worst stall and the p99 since start.
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { Gauge } from './registry.js';

export function createLoopDelay(): { histogram: IntervalHistogram; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return { histogram, stop: () => histogram.disable() };
}

export function loopDelayGauges(h: IntervalHistogram): Gauge[] {
  const seconds = (ns: number): number => (Number.isFinite(ns) ? Math.round(ns / 1e3) / 1e6 : 0);
  return [
    { name: 'hookscope_event_loop_delay_max_seconds', help: 'Longest event loop stall since start (10 ms sampling).', value: seconds(h.max) },
    { name: 'hookscope_event_loop_delay_p99_seconds', help: 'p99 of the event loop delay since start (10 ms sampling).', value: seconds(h.percentile(99)) },
  ];
}
