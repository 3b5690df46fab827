// Forwarding (issue 8): every new request of a bin with `forward: { url }` is sent on to that URL as it
// arrives, byte-exact like a replay. It listens to the store's changes (after COMMIT), so it never slows
// capture. Each node forwards what it captured itself (`local`): with several nodes on one database,
// every request is forwarded once, by the node that took it (README, "Running several nodes").
// Per bin: a bounded FIFO (oldest dropped with a recorded error), one delivery at a time so the target
// sees the sender's order; across bins a bounded number in flight. Only the configured URL is called.
import type { Context } from '../context.js';
import { deliver, type DeliveryResult } from '../replay/outbound.js';
import { toOutbound } from '../replay/replay.js';
import type { DeliveryRecord } from '../store/index.js';
import { MAX_HOPS, nextHop } from './hops.js';

export interface ForwarderOptions {
  /** Pending deliveries per bin before the oldest is dropped (default 1000). */
  maxPending?: number;
  /** Deliveries in flight across all bins (default 8). */
  concurrency?: number;
  /** Per-delivery timeout in ms (default: config.deliveryTimeout, else 10 s). */
  timeoutMs?: number;
}

export interface DeliveryNotice extends DeliveryRecord {
  binId: string;
  requestId: number;
}

export type Forwarder = ReturnType<typeof createForwarder>;

const forwarders = new WeakMap<Context, Forwarder>();

/** The forwarder started for this context (tests use it to wait for deliveries). */
export function forwarderOf(ctx: Context): Forwarder | undefined {
  return forwarders.get(ctx);
}

export function createForwarder(ctx: Context, opts: ForwarderOptions = {}) {
  const maxPending = opts.maxPending ?? 1000;
  const concurrency = opts.concurrency ?? 8;
  const timeoutMs = opts.timeoutMs ?? ctx.config.deliveryTimeout;
  const queues = new Map<string, number[]>();
  const busy = new Set<string>();
  const listeners = new Set<(n: DeliveryNotice) => void>();
  const stopping = new AbortController();

  /** Persists the result, then tells the listeners (they may read it back at once). */
  async function record(binId: string, requestId: number, url: string, d: Omit<DeliveryRecord, 'url' | 'at'>): Promise<void> {
    if (stopping.signal.aborted) return;
    const rec: DeliveryRecord = { url, ...d, at: ctx.now() };
    await ctx.store.deliveries.record(binId, requestId, rec);
    for (const listener of [...listeners]) listener({ ...rec, binId, requestId });
  }

  function fromResult(r: DeliveryResult): Omit<DeliveryRecord, 'url' | 'at'> {
    return r.ok ? { status: r.status, durationMs: r.durationMs, error: null } : { status: null, durationMs: r.durationMs, error: r.message };
  }

  /** The URL to send this bin's requests on to; passthrough bins relay at capture instead. */
  const asyncUrl = (binId: string): string | undefined => {
    const forward = ctx.store.bins.get(binId)?.settings.forward;
    return forward && forward.mode !== 'passthrough' ? forward.url : undefined;
  };

  async function deliverOne(binId: string, requestId: number): Promise<void> {
    const url = asyncUrl(binId);
    const stored = url === undefined ? undefined : await ctx.store.requests.get(binId, requestId);
    if (url === undefined || stored === undefined) return; // forwarding turned off, or the request is gone
    const fail = (error: string) => record(binId, requestId, url, { status: null, durationMs: null, error });
    if (stored.summary.truncated) return fail('not forwarded: the body was truncated at --max-body');
    const out = nextHop(toOutbound(stored));
    if (out === null) return fail(`not forwarded: already forwarded ${MAX_HOPS} times (X-Hookscope-Forwarded), a loop?`);
    const result = await deliver(new URL(url), out, { timeoutMs, signal: stopping.signal });
    await record(binId, requestId, url, fromResult(result));
  }

  function pump(): void {
    for (const [binId, queue] of queues) {
      if (busy.size >= concurrency) return;
      if (busy.has(binId)) continue;
      const id = queue.shift();
      if (queue.length === 0) queues.delete(binId);
      if (id === undefined) continue;
      busy.add(binId);
      deliverOne(binId, id)
        .catch(() => {}) // deliver never rejects; a store error must not stop the pump
        .finally(() => {
          busy.delete(binId);
          if (!stopping.signal.aborted) pump();
        });
    }
  }

  function enqueue(binId: string, ids: number[], url: string): void {
    let queue = queues.get(binId);
    if (!queue) queues.set(binId, (queue = []));
    queue.push(...ids);
    while (queue.length > maxPending) {
      const dropped = queue.shift() as number;
      void record(binId, dropped, url, { status: null, durationMs: null, error: `not forwarded: more than ${maxPending} deliveries pending for this bin` }).catch(() => undefined);
    }
    pump();
  }

  const unsubscribe = ctx.store.subscribe((change) => {
    if (change.type === 'cleared' || change.type === 'bin_deleted') return void queues.delete(change.binId);
    if (change.type !== 'requests' || !change.local) return;
    const url = asyncUrl(change.binId);
    if (url !== undefined) enqueue(change.binId, change.requests.map((r) => r.id), url);
  });

  const forwarder = {
    /** Called after each recorded delivery result; returns an unsubscribe function. */
    onDelivery(listener: (n: DeliveryNotice) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pending: (): number => [...queues.values()].reduce((n, q) => n + q.length, 0) + busy.size,
    /** Stops listening, forgets the queues and aborts deliveries in flight (nothing more is recorded). */
    stop(): void {
      unsubscribe();
      stopping.abort();
      queues.clear();
      listeners.clear();
    },
  };
  forwarders.set(ctx, forwarder);
  return forwarder;
}
