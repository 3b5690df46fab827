// Relay subscriptions: which relay sockets want which bins. The hub listener exists only while at
// least one relay socket is subscribed, and a request's headers and body are read from the store only
// when a relay socket wants its bin; each message is serialized once for all its receivers.
import type { Context } from '../context.js';
import type { LiveMessage } from './hub.js';
import type { Peer } from './peers.js';
import { relayWebhook } from './relay-message.js';

export type RelayFanout = ReturnType<typeof createRelayFanout>;

export function createRelayFanout(ctx: Context) {
  const byBin = new Map<string, Set<Peer>>();
  const everything = new Set<Peer>();
  const subscriptions = new Map<Peer, string[] | null>();
  let stopListening: (() => void) | null = null;

  /** Reads run one after the other, so relay clients get webhooks in commit order. */
  let sending: Promise<void> = Promise.resolve();

  async function send(binId: string, ids: number[]): Promise<void> {
    for (const id of ids) {
      const stored = await ctx.store.requests.get(binId, id);
      if (!stored) continue;
      const text = JSON.stringify(relayWebhook(stored));
      // Whoever is subscribed when the webhook goes out gets it.
      const some = byBin.get(binId);
      if (some) for (const peer of some) peer.send(text);
      for (const peer of everything) peer.send(text);
    }
  }

  function onMessage(binId: string, message: LiveMessage): void {
    if (message.type !== 'requests') return;
    if (!byBin.has(binId) && everything.size === 0) return;
    const ids = message.requests.map((r) => r.id);
    sending = sending.then(() => send(binId, ids)).catch(() => undefined);
  }

  function unsubscribe(peer: Peer): void {
    const buckets = subscriptions.get(peer);
    if (buckets === undefined) return;
    subscriptions.delete(peer);
    if (buckets === null) everything.delete(peer);
    else
      for (const bucket of buckets) {
        const set = byBin.get(bucket);
        set?.delete(peer);
        if (set?.size === 0) byBin.delete(bucket);
      }
    if (subscriptions.size === 0 && stopListening) (stopListening(), (stopListening = null));
  }

  return {
    /** `buckets` are bin ids (a named bin's id is its name); null = every bin. Replaces an earlier subscription. */
    subscribe(peer: Peer, buckets: string[] | null): void {
      unsubscribe(peer);
      subscriptions.set(peer, buckets);
      if (buckets === null) everything.add(peer);
      else
        for (const bucket of buckets) {
          let set = byBin.get(bucket);
          if (!set) byBin.set(bucket, (set = new Set()));
          set.add(peer);
        }
      stopListening ??= ctx.hub.subscribeAll(onMessage);
    },
    unsubscribe,
    subscriberCount: (): number => subscriptions.size,
  };
}
