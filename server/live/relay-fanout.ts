// Relay subscriptions: which relay sockets want which bins. Hub listeners exist only while a relay
// socket is subscribed: one per wanted bin, or one for every bin while a socket wants them all (so a
// node sharing a database hears other nodes' requests only for those bins: StoreOptions.watched). A
// request's headers and body are read from the store only when a relay socket wants its bin; each
// message is serialized once for all its receivers.
import type { Context } from '../context.js';
import type { LiveMessage } from './hub.js';
import type { Peer } from './peers.js';
import { relayWebhook } from './relay-message.js';

export type RelayFanout = ReturnType<typeof createRelayFanout>;

export function createRelayFanout(ctx: Context) {
  const byBin = new Map<string, Set<Peer>>();
  const everything = new Set<Peer>();
  const subscriptions = new Map<Peer, string[] | null>();
  /** Hub listeners: per wanted bin, and one for every bin while `everything` has sockets. */
  const listening = new Map<string, () => void>();
  let listeningAll: (() => void) | null = null;

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
    const ids = message.requests.map((r) => r.id);
    sending = sending.then(() => send(binId, ids)).catch(() => undefined);
  }

  /** A bin's own listener stands aside while the all-bins one hears everything (no webhook sent twice). */
  function onBinMessage(binId: string, message: LiveMessage): void {
    if (listeningAll === null) onMessage(binId, message);
  }

  /** Hub listeners follow the subscriptions: one per wanted bin, one for all while a socket wants all. */
  function relisten(): void {
    for (const [bin, stop] of listening) if (!byBin.has(bin)) (stop(), listening.delete(bin));
    for (const bin of byBin.keys()) if (!listening.has(bin)) listening.set(bin, ctx.hub.subscribe(bin, onBinMessage));
    if (everything.size > 0) listeningAll ??= ctx.hub.subscribeAll(onMessage);
    else if (listeningAll) (listeningAll(), (listeningAll = null));
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
    relisten();
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
      relisten();
    },
    unsubscribe,
    subscriberCount: (): number => subscriptions.size,
  };
}
