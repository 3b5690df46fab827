// Every live socket (bin stream or relay stream) is a Peer: sends never await, a client whose unsent
// bytes pass the limit is closed with 1013 instead of growing memory, and one heartbeat timer pings
// all sockets and terminates those that did not answer the previous ping.
import { WebSocket } from 'ws';
import type { LiveOptions } from './options.js';

export interface Peer {
  readonly ws: WebSocket;
  /** Queues a frame; false when the socket is not open (or was just dropped for being too slow). */
  send(text: string, written?: (err?: Error) => void): boolean;
  /** Closes with code and reason; destroys the socket if the close handshake does not finish in time. */
  drop(code: number, reason: string): void;
}

export type Peers = ReturnType<typeof createPeers>;

/** Close code 1013 "try again later": the client was too slow and may resume with ?after=. */
export const TRY_AGAIN_LATER = 1013;

export function createPeers(opts: LiveOptions) {
  const alive = new Map<Peer, boolean>();

  const heartbeat = setInterval(() => {
    for (const [peer, answered] of alive) {
      if (!answered) {
        peer.ws.terminate();
        continue;
      }
      alive.set(peer, false);
      try {
        peer.ws.ping();
      } catch {
        // Not open (yet/any more): the close event removes it.
      }
    }
  }, opts.pingInterval);
  heartbeat.unref();

  function add(ws: WebSocket): Peer {
    let graceTimer: NodeJS.Timeout | undefined;
    const peer: Peer = {
      ws,
      send(text, written) {
        if (ws.readyState !== WebSocket.OPEN) return false;
        ws.send(text, written);
        if (ws.bufferedAmount > opts.maxBuffered) {
          peer.drop(TRY_AGAIN_LATER, 'client too slow: send buffer over limit, reconnect with ?after=LAST_ID');
          return false;
        }
        return true;
      },
      drop(code, reason) {
        if (ws.readyState === WebSocket.CLOSED || graceTimer) return;
        // The close frame waits behind the unread data; a client that never reads is cut off after the grace.
        graceTimer = setTimeout(() => ws.terminate(), opts.closeGrace);
        graceTimer.unref();
        ws.close(code, reason);
      },
    };
    alive.set(peer, true);
    ws.on('pong', () => {
      if (alive.has(peer)) alive.set(peer, true);
    });
    // A socket error is followed by 'close'; without a listener it would crash the process.
    ws.on('error', () => {});
    ws.on('close', () => {
      alive.delete(peer);
      clearTimeout(graceTimer);
    });
    return peer;
  }

  return {
    add,
    count: (): number => alive.size,
    /** Server shutdown: close every socket with 1001 (destroyed after a short grace). */
    close(): void {
      clearInterval(heartbeat);
      for (const peer of alive.keys()) {
        peer.ws.close(1001, 'server shutting down');
        setTimeout(() => peer.ws.terminate(), Math.min(opts.closeGrace, 1000)).unref();
      }
    },
  };
}

/** One JSON.stringify per hub message, however many subscribers send it (design.md: coalesced fan-out). */
export function createSerializer(): (message: object) => string {
  const cache = new WeakMap<object, string>();
  return (message) => {
    let text = cache.get(message);
    if (text === undefined) cache.set(message, (text = JSON.stringify(message)));
    return text;
  };
}
