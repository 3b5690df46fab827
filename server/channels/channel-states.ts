// Per-bin channel state, in memory, for the bins someone asks about: built on first use by folding
// the stored requests in id order (N at a time, yielding to the event loop between pages), then
// advanced from the hub's committed `requests` messages. Capture never waits for it: a commit only
// queues its summaries here (a Map lookup for bins nobody asked about), the fold runs after.
// What survives what (README "Channels"): pruning and deleting a request keep the state (it is what
// the sender said); clearing the bin resets it; after a restart or an eviction from this cache it is
// rebuilt from the requests still stored.
import { createChannelFold, type ChannelFold, type FoldLimits } from '../../core/channels/index.js';
import type { RequestSummary } from '../../core/wire.js';
import type { Hub, LiveMessage } from '../live/hub.js';
import type { StoredRequests } from './stored-requests.js';

/**
 * Requests read per page while building; the loop yields to the event loop between pages so capture
 * is not starved (a page costs ~5 ms on an idle 2-core VM: read ~5 us, decode ~7 us, fold ~3 us a request).
 */
const PAGE = 256;

type Item = { kind: 'requests'; requests: RequestSummary[] } | { kind: 'cleared' };

/** Told after each change: the channels that changed, `'all'` after a clear, null when the bin is gone. */
export type ChangeListener = (changed: string[] | 'all' | null) => void;

interface Entry {
  binId: string;
  fold: ChannelFold;
  ready: Promise<void>;
  built: boolean;
  queue: Item[];
  pumping: boolean;
  idle: (() => void)[];
  listeners: Set<ChangeListener>;
  gone: boolean;
  /** Ends this state's interest in the bin (hub.watch: another node's requests are read for it). */
  unwatch: () => void;
}

export interface ChannelStatesOptions {
  hub: Hub;
  reader: StoredRequests;
  /** Bins whose state is kept (least recently used go first, never one with a waiter). */
  maxBins?: number;
  limits?: Partial<FoldLimits>;
}

export class BinGoneError extends Error {}

export type ChannelStates = ReturnType<typeof createChannelStates>;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createChannelStates(opts: ChannelStatesOptions) {
  const { hub, reader } = opts;
  const maxBins = opts.maxBins ?? 32;
  const entries = new Map<string, Entry>();
  const newFold = (): ChannelFold => createChannelFold(opts.limits);

  /** Folds every stored request of the bin, oldest first, into a fresh fold. `upTo`: time travel. */
  async function foldStored(binId: string, fold: ChannelFold, upTo?: number, gone?: () => boolean): Promise<void> {
    for (let after = 0; ; ) {
      const page = await reader.page(binId, after, PAGE, upTo);
      if (gone?.()) return;
      for (const r of page) fold.apply(r);
      if (page.length < PAGE) return;
      after = page[page.length - 1].id;
      await nextTurn();
    }
  }

  function notify(entry: Entry, changed: Set<string> | 'all'): void {
    if (changed !== 'all' && changed.size === 0) return;
    const list = changed === 'all' ? 'all' : [...changed];
    for (const listener of [...entry.listeners]) listener(list);
    // Live sockets: only bins somebody watches (this module listens through subscribeAll, not counted).
    if (hub.subscriberCount(entry.binId) === 0) return;
    const names = list === 'all' ? entry.fold.list().map((c) => c.name) : list;
    const summaries = names.map((n) => entry.fold.summary(n)).filter((s) => s !== undefined);
    hub.publish(entry.binId, { type: 'channels', changed: summaries });
  }

  /** Applies what the hub queued, in order; one notification per run. */
  async function pump(entry: Entry): Promise<void> {
    if (entry.pumping || !entry.built) return;
    entry.pumping = true;
    let changed: Set<string> | 'all' = new Set();
    try {
      while (entry.queue.length > 0 && !entry.gone) {
        const item = entry.queue.shift() as Item;
        if (item.kind === 'cleared') {
          entry.fold = newFold();
          changed = 'all';
          continue;
        }
        const fresh = item.requests.filter((s) => s.id > entry.fold.asOf);
        const loaded = await reader.byIds(entry.binId, fresh.filter((s) => s.eventCount > 0).map((s) => s.id));
        for (const s of fresh) {
          // A request pruned before it could be read (a cap smaller than a burst) counts as seen, empty.
          const r = loaded.get(s.id) ?? { id: s.id, receivedAt: s.receivedAt, events: [] };
          for (const name of entry.fold.apply(r)) if (changed !== 'all') changed.add(name);
        }
      }
    } catch {
      // The store is closing (shutdown) or failed: forget this state, the next use rebuilds it.
      drop(entry);
    } finally {
      entry.pumping = false;
      if (!entry.gone) notify(entry, changed);
      for (const resolve of entry.idle.splice(0)) resolve();
    }
  }

  function drop(entry: Entry): void {
    entry.gone = true;
    entry.unwatch();
    if (entries.get(entry.binId) === entry) entries.delete(entry.binId);
    for (const listener of [...entry.listeners]) listener(null);
    for (const resolve of entry.idle.splice(0)) resolve();
  }

  function onHub(binId: string, message: LiveMessage): void {
    const entry = entries.get(binId);
    if (!entry) return;
    if (message.type === 'bin_deleted') return drop(entry);
    if (message.type === 'requests') entry.queue.push({ kind: 'requests', requests: message.requests });
    else if (message.type === 'cleared') entry.queue.push({ kind: 'cleared' });
    else return;
    if (entry.built && !entry.pumping) setImmediate(() => void pump(entry));
  }
  const unsubscribe = hub.subscribeAll(onHub, { passive: true });

  function create(binId: string): Entry {
    const entry: Entry = {
      binId, fold: newFold(), ready: Promise.resolve(), built: false, queue: [], pumping: false, idle: [], listeners: new Set(), gone: false,
      unwatch: hub.watch(binId),
    };
    entry.ready = foldStored(binId, entry.fold, undefined, () => entry.gone).then(
      () => {
        entry.built = true;
        return pump(entry);
      },
      (err: unknown) => {
        drop(entry);
        throw err;
      },
    );
    entries.set(binId, entry);
    evict();
    return entry;
  }

  function evict(): void {
    for (const [binId, entry] of entries) {
      if (entries.size <= maxBins) return;
      if (entry.listeners.size === 0) drop(entries.get(binId) as Entry);
    }
  }

  /** The bin's state, built if needed, with everything committed before the call applied. */
  async function use(binId: string): Promise<ChannelFold> {
    let entry = entries.get(binId);
    if (entry) {
      entries.delete(binId);
      entries.set(binId, entry);
    } else entry = create(binId);
    await entry.ready;
    while (!entry.gone && (entry.pumping || entry.queue.length > 0)) {
      await new Promise<void>((resolve) => {
        entry.idle.push(resolve);
        if (!entry.pumping) void pump(entry);
      });
    }
    if (entry.gone) throw new BinGoneError(`bin "${binId}" is gone`);
    return entry.fold;
  }

  return {
    use,
    /** Calls `listener` after every change of the bin's state, until the returned function is called. */
    async watch(binId: string, listener: ChangeListener): Promise<{ fold: () => ChannelFold; stop: () => void }> {
      await use(binId);
      const entry = entries.get(binId) as Entry;
      entry.listeners.add(listener);
      return { fold: () => entry.fold, stop: () => void entry.listeners.delete(listener) };
    },
    /** The state as of request `at`: a fresh fold of the stored requests up to it. */
    async history(binId: string, at: number): Promise<ChannelFold> {
      const fold = newFold();
      await foldStored(binId, fold, at);
      return fold;
    },
    /** Bins whose state is in memory. */
    size: () => entries.size,
    /** Change listeners (channel waits) across bins. */
    waiters: () => [...entries.values()].reduce((n, e) => n + e.listeners.size, 0),
    close(): void {
      unsubscribe();
      for (const entry of [...entries.values()]) drop(entry);
    },
  };
}
