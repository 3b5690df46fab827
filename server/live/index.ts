// attachLive(server, ctx): the two WebSocket endpoints on the node server's 'upgrade' event.
//   GET /api/bins/:bin/live?after=ID   hookscope's own stream (bin-stream.ts)
//   GET /v1/socket                     Webhook Relay-compatible stream (relay-stream.ts)
// Anything else, an unknown bin or a bad query is refused with an HTTP error before the handshake.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { baseUrlFor } from '../api/base-url.js';
import type { Context } from '../context.js';
import { createBacklog } from './backlog.js';
import { serveBinStream } from './bin-stream.js';
import { type LiveOptions, liveDefaults } from './options.js';
import { createPeers, createSerializer } from './peers.js';
import { createRelayFanout } from './relay-fanout.js';
import { serveRelayStream } from './relay-stream.js';
import { isAuthorized } from '../security/token.js';
import { upgradeRefusal } from '../security/upgrade-check.js';
import { type LiveRoute, rejectUpgrade, routeUpgrade } from './upgrade.js';

export type { LiveOptions } from './options.js';
export { relayAuthMode } from './relay-stream.js';

export interface Live {
  /** Open live sockets (both kinds). */
  clients(): number;
  /** Relay sockets with a subscription. */
  relaySubscribers(): number;
  /** Closes every socket with 1001 and stops listening for upgrades. */
  close(): void;
}

export function attachLive(server: Server, ctx: Context, options: Partial<LiveOptions> = ctx.config.live ?? {}): Live {
  const opts: LiveOptions = { ...liveDefaults, ...options };
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload, perMessageDeflate: false });
  const peers = createPeers(opts);
  const fanout = createRelayFanout(ctx);
  const deps = { ctx, backlog: createBacklog(ctx.store.requests), serialize: createSerializer(), opts };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => {});
    const refusal = upgradeRefusal(req, ctx.config);
    if (refusal) return rejectUpgrade(socket, 403, refusal.code, refusal.message);
    const route = routeUpgrade(req);
    if (route.kind === 'refuse') return rejectUpgrade(socket, route.status, route.code, route.message);
    if (route.kind === 'bin') {
      // Bearer header, the viewer's session cookie (POST /login) or ?token= (server/security/token.ts).
      if (!isAuthorized(req, ctx.config)) {
        return rejectUpgrade(socket, 401, 'unauthorized', 'this server needs --token: send Authorization: Bearer T, ?token=T or log in at /login');
      }
      const binId = route.binId;
      const cached = ctx.store.bins.get(binId);
      // Not cached: another node sharing the database may have created it a moment ago.
      if (cached) return accept(req, socket, head, route);
      ctx.store.bins.refresh(binId).then(
        (bin) => (bin ? accept(req, socket, head, route) : rejectUpgrade(socket, 404, 'bin_not_found', `no bin "${binId}"`)),
        () => rejectUpgrade(socket, 404, 'bin_not_found', `no bin "${binId}"`),
      );
      return;
    }
    accept(req, socket, head, route);
  };
  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer, route: Exclude<LiveRoute, { kind: 'refuse' }>): void => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const peer = peers.add(ws);
      if (route.kind === 'bin') serveBinStream(deps, peer, route.binId, route.after, baseUrlFor(ctx, req.headers.host));
      else serveRelayStream(ctx.config, fanout, peer);
    });
  };
  server.on('upgrade', onUpgrade);

  return {
    clients: () => peers.count(),
    relaySubscribers: () => fanout.subscriberCount(),
    close() {
      server.off('upgrade', onUpgrade);
      peers.close();
      wss.close();
    },
  };
}
