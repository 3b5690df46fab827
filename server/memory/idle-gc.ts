// Gives memory back once the server goes quiet. After a burst (a flood of captures, a run of big pages,
// the index rebuilt at start) V8 keeps its young generation at the size the burst grew it to, up to two
// 16 MB semi-spaces on 64-bit Node 20, and shrinks it only at a GC that finds the allocation rate low
// (Heap::ReduceNewSpaceSize: under 1 KB/ms over the last 5 s). An idle server allocates nothing, so no GC
// comes and the 32 MB stay resident; buffers that died at the end of the burst (the index snapshot read
// at start: ~50 MB for a million requests) wait for that GC too. Measured on a server holding 1,000,000
// requests: RSS 184-195 MB at rest after start or after a run of pages, new space 32 MB of it, 0.4 MB used.
// So once the event loop has been (nearly) idle, under 2% busy, for `idleMs` after some work, and V8
// itself ran no GC for as long (it judges the rate since its last GCs: one of its own in the quiet
// spell, such as the end of an incremental marking the burst started, would make ours see the burst),
// this runs a full GC
// (10-15 ms with that million stored, while nothing else is asking). If the young generation is still
// big after it, it tries again after another quiet spell, up to `tries` times, then waits for work
// again. None while the server is busy. Run by the CLI's server only (start.ts option idleGc): an
// embedded server does not collect in its host's process.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface IdleGcOptions {
  /** How often the loop's utilization is looked at (ms). */
  intervalMs?: number;
  /** Quiet this long (ms) before the GC: past V8's 5 s allocation-rate window, so the GC shrinks. */
  idleMs?: number;
  /** Event loop utilization (0..1) over an interval at or above which the server counts as busy. */
  busyAt?: number;
  /** The collector; default: V8's, exposed at run time (exposeGc). Null: never collect. */
  gc?: (() => void) | null;
  /** Utilization since the previous call; default: perf_hooks eventLoopUtilization. */
  utilization?: () => number;
  /** Bytes the young generation holds from the system; default: V8's new space physical size. */
  youngBytes?: () => number;
  /** Young generation size that counts as given back (default 4 MiB: V8 starts at 1 MiB semi-spaces). */
  smallYoung?: number;
  /** Collections per quiet period at most while the young generation stays big (default 3). */
  tries?: number;
  /** Ms since V8's last GC; default (createIdleGc): unknown, Infinity. startIdleGc observes them. */
  sinceGcMs?: () => number;
  /** After each collection (the hookscope_idle_gcs_total counter). */
  onCollect?: () => void;
}

export interface IdleGc {
  /** One look at the loop (what the interval runs; tests call it directly). */
  tick(): void;
  /** Collections run so far. */
  readonly runs: number;
  stop(): void;
}

/**
 * V8's gc() without starting node with --expose-gc: the flag set at run time exposes it to new
 * contexts (node:vm). Null if this V8 refuses.
 */
export function exposeGc(): (() => void) | null {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

function newSpaceBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;
}

function loopUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const u = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return u;
  };
}

/** The decision alone, without a timer. */
export function createIdleGc(opts: IdleGcOptions = {}): Omit<IdleGc, 'stop'> {
  const intervalMs = opts.intervalMs ?? 1000;
  const idleMs = opts.idleMs ?? 6000;
  // 2%: an idle server scraped once a second, with the 10 ms stall sampler running (server/metrics/
  // loop-delay.ts), measured 0.7-1.1% on the 2-core VM, so 1% was met only by luck there.
  const busyAt = opts.busyAt ?? 0.02;
  const gc = opts.gc === undefined ? exposeGc() : opts.gc;
  const utilization = opts.utilization ?? loopUtilization();
  const youngBytes = opts.youngBytes ?? newSpaceBytes;
  const smallYoung = opts.smallYoung ?? 4 * 2 ** 20;
  const tries = opts.tries ?? 3;
  const sinceGcMs = opts.sinceGcMs ?? (() => Infinity);
  // Armed at start: start-up itself (opening the database, loading the index) is the first burst.
  let armed = true;
  let left = tries;
  let quietMs = 0;
  let runs = 0;
  return {
    tick(): void {
      if (utilization() >= busyAt) {
        quietMs = 0;
        armed = true;
        left = tries;
        return;
      }
      quietMs += intervalMs;
      if (!armed || quietMs < idleMs || sinceGcMs() < idleMs || !gc) return;
      quietMs = 0;
      try {
        gc();
        runs++;
        opts.onCollect?.();
      } catch {
        // Memory upkeep only: never a reason to stop serving.
        armed = false;
        return;
      } finally {
        // The collection itself kept the loop busy (10-15 ms): not work that asks for another one.
        utilization();
      }
      if (--left <= 0 || youngBytes() <= smallYoung) armed = false;
    },
    get runs() {
      return runs;
    },
  };
}

export function startIdleGc(opts: IdleGcOptions = {}): IdleGc {
  // When V8 last collected (perf_hooks 'gc' entries: one small object per GC, delivered in batches).
  let lastGcEnd = performance.now();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) lastGcEnd = Math.max(lastGcEnd, entry.startTime + entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const idle = createIdleGc({ sinceGcMs: () => performance.now() - lastGcEnd, ...opts });
  const timer = setInterval(() => idle.tick(), opts.intervalMs ?? 1000);
  timer.unref();
  return {
    tick: () => idle.tick(),
    get runs() {
      return idle.runs;
    },
    stop: () => {
      clearInterval(timer);
      observer.disconnect();
    },
  };
}
