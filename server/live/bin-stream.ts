// GET /api/bins/:bin/live?after=ID: hello, then the backlog after ID (oldest first), then live messages.
// No gap and no duplicate: the hub subscription starts before the head is read (reads are
// asynchronous: store contract), so every request above the head arrives through the subscription
// (and what arrived through it before the read counts as new: hello.lastId is the head at subscribe time);
// live messages are held until the head is known and the backlog (ids up to the head) is sent, then
// released without the ids already sent.
import { WebSocket } from 'ws';
import type { RequestSummary } from '../../core/wire.js';
import type { Context } from '../context.js';
import type { LiveMessage } from './hub.js';
import type { Backlog } from './backlog.js';
import type { LiveOptions } from './options.js';
import { type Peer, TRY_AGAIN_LATER } from './peers.js';

export interface BinStreamDeps {
  ctx: Context;
  backlog: Backlog;
  serialize: (message: object) => string;
  opts: LiveOptions;
}

export interface HelloMessage {
  type: 'hello';
  bin: string;
  /** Highest stored request id when the socket opened (0: none). */
  lastId: number;
}

/** A bin's view names its URLs with the base this client connected to (as the API does). */
function rebased(message: Extract<LiveMessage, { type: 'bin' }>, base: string): LiveMessage {
  const { bin } = message;
  return { type: 'bin', bin: { ...bin, url: `${base}/h/${bin.id}`, viewerUrl: `${base}/b/${bin.id}` } };
}

export function serveBinStream(deps: BinStreamDeps, peer: Peer, binId: string, after: number | undefined, base: string): void {
  const { ctx, backlog, serialize, opts } = deps;
  let lastSent = 0;
  /** Until the backlog is sent: what the hub announced meanwhile. */
  let held: LiveMessage[] | null = [];
  let heldCount = 0;

  const deliver = (message: LiveMessage): void => {
    if (message.type === 'requests') lastSent = Math.max(lastSent, message.requests[message.requests.length - 1]?.id ?? 0);
    peer.send(message.type === 'bin' ? JSON.stringify(rebased(message, base)) : serialize(message));
    if (message.type === 'bin_deleted') peer.drop(1000, 'bin deleted');
  };

  const unsubscribe = ctx.hub.subscribe(binId, (_bin, message) => {
    if (peer.ws.readyState !== WebSocket.OPEN) return unsubscribe();
    if (held === null) return deliver(message);
    held.push(message);
    heldCount += message.type === 'requests' ? message.requests.length : 1;
    if (heldCount > opts.maxPending) peer.drop(TRY_AGAIN_LATER, 'client too slow reading the backlog, reconnect with ?after=LAST_ID');
  });
  peer.ws.on('close', unsubscribe);

  const release = (): void => {
    const queue = held ?? [];
    held = null;
    let fresh: RequestSummary[] = [];
    const flushFresh = (): void => {
      if (fresh.length > 0) deliver({ type: 'requests', requests: fresh });
      fresh = [];
    };
    for (const message of queue) {
      if (message.type === 'requests') {
        for (const r of message.requests) if (r.id > lastSent && r.id > (fresh[fresh.length - 1]?.id ?? 0)) fresh.push(r);
        continue;
      }
      flushFresh();
      deliver(message);
    }
    flushFresh();
  };

  // One page in flight at a time: the next is read when the previous left the send buffer (memory
  // stays at one page however slow the client is).
  const sendPage = (from: number, head: number): void => {
    if (held === null || peer.ws.readyState !== WebSocket.OPEN) return;
    backlog.page(binId, from, head, opts.backlogPage).then((rows) => {
      if (peer.ws.readyState !== WebSocket.OPEN) return;
      if (rows.length > 0) lastSent = rows[rows.length - 1].id;
      const last = rows.length < opts.backlogPage || lastSent >= head;
      if (rows.length > 0) {
        const queued = peer.send(JSON.stringify({ type: 'requests', requests: rows }), (err) => {
          // Yield to I/O between pages: a long backlog to a fast reader must not starve capture.
          if (!err && !last) setImmediate(sendPage, lastSent, head);
        });
        if (!queued) return;
      }
      if (last) release();
    }, () => peer.drop(1011, 'could not read the backlog'));
  };

  backlog.head(binId).then((read) => {
    if (peer.ws.readyState !== WebSocket.OPEN) return;
    // The head as it was when the socket subscribed: every request the hub announced since came after
    // the subscription (ids rise in commit order within a bin), so it is new to this client even if it
    // was committed before the head was read.
    const firstLive = held?.find((m) => m.type === 'requests' && m.requests.length > 0);
    const head = firstLive?.type === 'requests' ? Math.min(read, firstLive.requests[0].id - 1) : read;
    lastSent = after ?? head;
    const hello: HelloMessage = { type: 'hello', bin: binId, lastId: head };
    peer.send(JSON.stringify(hello));
    if (!ctx.store.bins.get(binId)) {
      held = null;
      return deliver({ type: 'bin_deleted' });
    }
    if (after === undefined || after >= head) return release();
    sendPage(after, head);
  }, () => peer.drop(1011, 'could not read the bin'));
}
