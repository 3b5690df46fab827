// Live messages coalesced per frame: under a flood (thousands of requests a second) the server sends
// a `requests` and a `pruned` message per commit; applying each one re-renders the page and copies
// the list, so the page fell seconds behind. Here what arrives within a frame is merged (requests
// concatenated, prunes reduced to the highest `upTo`) and applied once. Equivalent to applying them
// one by one: ids only grow, and a prune removes ids <= upTo whenever it is applied.
import type { RequestSummary, ResponseRecord } from '../core/wire.js';

/** Runs `flush` soon: at the next animation frame in the page, at once in tests (`immediate`). */
export type Frame = (flush: () => void) => void;

export const immediate: Frame = (flush) => flush();

/**
 * The next animation frame, but at most one flush per `minInterval` ms (a flood is shown ~10 times a
 * second, not 60: nobody reads faster, and each update lays the list out again), and after `maxWait`
 * ms at the latest when frames do not come (a hidden tab). A request after a quiet spell shows at
 * the next frame.
 */
export function animationFrame(minInterval = 100, maxWait = 250): Frame {
  let last = -Infinity;
  return (flush) => {
    let done = false;
    let raf = 0;
    const once = (): void => {
      if (done) return;
      done = true;
      cancelAnimationFrame(raf);
      clearTimeout(timer);
      last = performance.now();
      flush();
    };
    const wait = Math.max(0, last + minInterval - performance.now());
    const timer = setTimeout(once, wait + maxWait);
    if (wait === 0) raf = requestAnimationFrame(once);
    else setTimeout(() => !done && (raf = requestAnimationFrame(once)), wait);
  };
}

export interface LiveBatch {
  requests: RequestSummary[];
  /** Highest `upTo` of the prunes in the batch, 0 when none. */
  prunedUpTo: number;
  /** Passthrough answers (`answered`) by request id, applied after the batch's requests. */
  answered: Map<number, ResponseRecord>;
}

const empty = (): LiveBatch => ({ requests: [], prunedUpTo: 0, answered: new Map() });

export function createLiveBatcher(frame: Frame, apply: (batch: LiveBatch) => void) {
  let pending: LiveBatch = empty();
  let scheduled = false;
  let generation = 0;

  function flush(): void {
    scheduled = false;
    const batch = pending;
    if (batch.requests.length === 0 && batch.prunedUpTo === 0 && batch.answered.size === 0) return;
    pending = empty();
    apply(batch);
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    const gen = generation;
    frame(() => gen === generation && flush());
  }

  return {
    requests(incoming: readonly RequestSummary[]): void {
      for (const r of incoming) pending.requests.push(r);
      schedule();
    },
    pruned(upTo: number): void {
      if (upTo > pending.prunedUpTo) pending.prunedUpTo = upTo;
      schedule();
    },
    answered(id: number, response: ResponseRecord): void {
      pending.answered.set(id, response);
      schedule();
    },
    /** Applies what is pending now (before a message that must see it, e.g. `deleted`). */
    flush,
    /** Drops what is pending (the list is being replaced: another bin, other filters). */
    reset(): void {
      generation++;
      scheduled = false;
      pending = empty();
    },
  };
}
