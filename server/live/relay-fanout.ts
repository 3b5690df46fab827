// Relay subscriptions: which relay sockets want which bins. The hub listener exists only while at
// least one relay socket is subscribed, and a request's headers and body are read from SQLite only
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

  function onMessage(binId: string, message: LiveMessage): void {
    if (message.type !== 'requests') return;
    const some = byBin.get(binId);
    if (!some && everything.size === 0) return;
    for (const summary of message.requests) {
      const stored = ctx.requests.get(binId, summary.id);
      if (!stored) continue;
      const text = JSON.stringify(relayWebhook(stored));
      if (some) for (const peer of some) peer.send(text);
      for (const peer of everything) peer.send(text);
    }
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
