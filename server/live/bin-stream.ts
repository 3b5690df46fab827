// GET /api/bins/:bin/live?after=ID: hello, then the backlog after ID (oldest first), then live messages.
// No gap and no duplicate: the hub subscription starts in the same tick as the head is read, so every
// request above the head arrives through the subscription; live messages are held while the backlog
// (ids up to the head) is sent, then released without the ids already sent.
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

export function serveBinStream(deps: BinStreamDeps, peer: Peer, binId: string, after: number | undefined): void {
  const { ctx, backlog, serialize, opts } = deps;
  const head = backlog.head(binId);
  let lastSent = after ?? head;
  let held: LiveMessage[] | null = after !== undefined && after < head ? [] : null;
  let heldCount = 0;

  const deliver = (message: LiveMessage, text: string): void => {
    if (message.type === 'requests') lastSent = Math.max(lastSent, message.requests[message.requests.length - 1]?.id ?? 0);
    peer.send(text);
    if (message.type === 'bin_deleted') peer.drop(1000, 'bin deleted');
  };

  const unsubscribe = ctx.hub.subscribe(binId, (_bin, message) => {
    if (peer.ws.readyState !== WebSocket.OPEN) return unsubscribe();
    if (held === null) return deliver(message, serialize(message));
    held.push(message);
    heldCount += message.type === 'requests' ? message.requests.length : 1;
    if (heldCount > opts.maxPending) peer.drop(TRY_AGAIN_LATER, 'client too slow reading the backlog, reconnect with ?after=LAST_ID');
  });
  peer.ws.on('close', unsubscribe);

  const hello: HelloMessage = { type: 'hello', bin: binId, lastId: head };
  peer.send(JSON.stringify(hello));
  if (!ctx.bins.get(binId)) return deliver({ type: 'bin_deleted' }, JSON.stringify({ type: 'bin_deleted' }));
  if (held === null) return;

  // One page in flight at a time: the next is read when the previous left the send buffer (memory
  // stays at one page however slow the client is).
  const sendPage = (from: number): void => {
    if (held === null || peer.ws.readyState !== WebSocket.OPEN) return;
    const rows = backlog.page(binId, from, head, opts.backlogPage);
    if (rows.length > 0) lastSent = rows[rows.length - 1].id;
    const last = rows.length < opts.backlogPage || lastSent >= head;
    if (rows.length > 0) {
      const queued = peer.send(JSON.stringify({ type: 'requests', requests: rows }), (err) => {
        // Yield to I/O between pages: a long backlog to a fast reader must not starve capture.
        if (!err && !last) setImmediate(sendPage, lastSent);
      });
      if (!queued) return;
    }
    if (last) release();
  };

  const release = (): void => {
    const queue = held ?? [];
    held = null;
    let fresh: RequestSummary[] = [];
    const flushFresh = (): void => {
      if (fresh.length > 0) deliver({ type: 'requests', requests: fresh }, JSON.stringify({ type: 'requests', requests: fresh }));
      fresh = [];
    };
    for (const message of queue) {
      if (message.type === 'requests') {
        for (const r of message.requests) if (r.id > lastSent && r.id > (fresh[fresh.length - 1]?.id ?? 0)) fresh.push(r);
        continue;
      }
      flushFresh();
      deliver(message, serialize(message));
    }
    flushFresh();
  };

  sendPage(after ?? 0);
}
