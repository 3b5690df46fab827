// Per-bin publish/subscribe. Publishing is O(subscribers of that bin) (+ the few all-bins listeners).
// The write queue publishes once per commit batch, so a subscriber gets one message per batch.
import type { LiveMessage as WireLiveMessage } from '../../core/wire.js';

/** What the hub carries: every live socket message but the per-connection `hello`. */
export type LiveMessage = Exclude<WireLiveMessage, { type: 'hello' }>;

export type Listener = (binId: string, message: LiveMessage) => void;

export type Hub = ReturnType<typeof createHub>;

export function createHub() {
  const byBin = new Map<string, Set<Listener>>();
  const all = new Set<Listener>();
  /** All-bins listeners that only follow the bins they declared with watch() (channel states). */
  let passive = 0;
  const interest = new Map<string, number>();

  return {
    subscribe(binId: string, listener: Listener): () => void {
      let set = byBin.get(binId);
      if (!set) byBin.set(binId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && byBin.get(binId) === set) byBin.delete(binId);
      };
    },
    /**
     * Listen to every bin (the relay-compatible stream without a bucket filter). `passive`: the
     * listener only cares about the bins it declares with watch(), so it does not make every bin
     * watched (with several nodes on one database a node reads other nodes' requests for watched bins).
     */
    subscribeAll(listener: Listener, opts: { passive?: boolean } = {}): () => void {
      all.add(listener);
      if (opts.passive) passive++;
      let on = true;
      return () => {
        if (!on) return;
        on = false;
        all.delete(listener);
        if (opts.passive) passive--;
      };
    },
    /** A passive listener's interest in one bin, until the returned function is called. */
    watch(binId: string): () => void {
      interest.set(binId, (interest.get(binId) ?? 0) + 1);
      let on = true;
      return () => {
        if (!on) return;
        on = false;
        const n = (interest.get(binId) ?? 1) - 1;
        if (n === 0) interest.delete(binId);
        else interest.set(binId, n);
      };
    },
    publish(binId: string, message: LiveMessage): void {
      const set = byBin.get(binId);
      if (set) for (const listener of [...set]) safe(listener, binId, message);
      for (const listener of [...all]) safe(listener, binId, message);
    },
    /** Someone here listens to this bin: its own subscribers, a watch(), or an all-bins listener that is not passive. */
    watches(binId: string): boolean {
      return all.size > passive || byBin.has(binId) || interest.has(binId);
    },
    subscriberCount(binId?: string): number {
      if (binId !== undefined) return byBin.get(binId)?.size ?? 0;
      let n = all.size;
      for (const set of byBin.values()) n += set.size;
      return n;
    },
  };
}

function safe(listener: Listener, binId: string, message: LiveMessage): void {
  try {
    listener(binId, message);
  } catch {
    // One broken subscriber must not stop the others or the writer.
  }
}
