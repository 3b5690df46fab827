// startHookscope(config): store -> hub -> app -> listen. Returns { url, close }.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { DECODER_VERSION } from '../core/decode/index.js';
import { createApp } from './app.js';
import { binView, createBin, sweepExpired, updateBin } from './bin-service.js';
import { createChannelStates } from './channels/channel-states.js';
import { createStoredRequests } from './channels/stored-requests.js';
import { createCaptureHandler } from './capture/capture-handler.js';
import { type Config, defaults } from './config.js';
import type { Context } from './context.js';
import { createDeriver } from './derive.js';
import { decodeEvents, indexEntries, indexLimit } from './events/decode-body.js';
import { createForwarder } from './forward/forwarder.js';
import { createStorageHealth } from './health/index.js';
import { createHub, type Hub } from './live/hub.js';
import { createLifecycle, drainServer } from './lifecycle.js';
import { attachLive } from './live/index.js';
import { createCaptureCounts, createMetrics } from './metrics/index.js';
import { createLoopDelay } from './metrics/loop-delay.js';
import { startIdleGc } from './memory/idle-gc.js';
import { type IndexDecoder, openStore, type StoreChange } from './store/index.js';
import { applyHttpTimeouts, type HttpTimeouts, httpServerOptions } from './security/http-timeouts.js';

export interface HookscopeServer {
  url: string;
  port: number;
  server: Server;
  context: Context;
  /**
   * Stops gracefully: no new connections, requests in flight committed and answered, live sockets closed
   * with 1001, long-polls answered 503, the WAL checkpointed. Connections still busy after `graceMs`
   * (default 8000) are cut.
   */
  close(opts?: { graceMs?: number }): Promise<void>;
}

/**
 * httpTimeouts: ms; tests shrink them (server/security/http-timeouts.ts). idleGc: the process is
 * hookscope's own (cli.ts): give memory back when quiet (server/memory/idle-gc.ts). Off by default: a
 * server embedded in someone's test process does not run GCs or set V8 flags in it.
 */
export type StartOptions = Partial<Config> & { httpTimeouts?: Partial<HttpTimeouts>; idleGc?: boolean };

/** The events index is the capture path's decoding (server/events/decode-body.ts), versioned with the decoder. */
function indexDecoder(maxBody: number): IndexDecoder {
  const limit = indexLimit(maxBody);
  return {
    version: DECODER_VERSION,
    decode(input) {
      const decoded = decodeEvents(input, limit);
      return { decoder: decoded.decoder, events: indexEntries(decoded.events) };
    },
  };
}

export async function startHookscope(options: StartOptions = {}): Promise<HookscopeServer> {
  const config: Config = { ...defaults, ...options };
  const now = config.now ?? Date.now;
  const metrics = createMetrics();
  const hub = createHub();
  const store = await openStore({
    db: config.db,
    sync: config.sync,
    defaultMaxRequests: config.maxRequests,
    maxDbSize: config.maxDbSize,
    now,
    index: indexDecoder(config.maxBody),
    onSizeCapPruned: (removed) => metrics.inc('hookscope_size_cap_pruned_total', undefined, removed),
    // Another node's requests are read only for bins someone listens to here (PostgreSQL).
    watched: hub.watches,
    pid: config.pid ?? null,
  });
  const loopDelay = createLoopDelay();
  // A full disk: 507 and degraded while it lasts, the store making room meanwhile (server/health/).
  const health = createStorageHealth({
    classify: store.storageError,
    recover: store.recover,
    metrics,
    now,
    log: config.quiet ? undefined : (line) => console.error(line),
  });
  const lifecycle = createLifecycle();
  let listenUrl = `http://${config.host}:${config.port}`;
  const ctx: Context = {
    config,
    store,
    hub,
    channels: createChannelStates({ hub, reader: createStoredRequests({ store, config }) }),
    deriver: createDeriver(config),
    now,
    listenUrl: () => listenUrl,
    metrics,
    loopDelay,
    health,
    lifecycle,
  };
  const captureCounts = createCaptureCounts(metrics);
  store.subscribe((change) => {
    if (change.type === 'requests' && change.local) {
      captureCounts.committed(change.requests);
      health.committed();
    }
    if (change.type === 'bin_deleted') captureCounts.binDeleted(change.binId);
    publish(ctx, hub, change);
  });
  await applyBinPresets(ctx);
  const forwarder = createForwarder(ctx);

  const capture = createCaptureHandler(ctx);
  const api = getRequestListener(createApp(ctx).fetch);
  const server = createServer(httpServerOptions(options.httpTimeouts), (req, res) => {
    loopDelay.active(); // the stall sampler runs while requests come (server/metrics/loop-delay.ts)
    // A request that arrives while the server stops is still served, on its connection's last answer.
    if (lifecycle.draining) res.setHeader('Connection', 'close');
    if (req.url !== undefined && req.url.startsWith('/h/')) capture(req, res);
    else void api(req, res);
  });
  // Slow or stuck senders (slowloris) cannot hold a connection forever.
  applyHttpTimeouts(server, options.httpTimeouts);
  const live = attachLive(server, ctx);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    // The port is taken (or not ours): leave the database and its lock as they were.
    forwarder.stop();
    live.close();
    loopDelay.stop();
    await store.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  listenUrl = `http://${host}:${address.port}`;
  store.announce(listenUrl);

  // Once per cluster: only the leader sweeps (every node, when it is the only one).
  const sweep = setInterval(() => void (store.isLeader() ? sweepExpired(ctx) : Promise.resolve()).catch(() => undefined), config.sweepInterval);
  sweep.unref();
  // Memory a burst grew is given back once the server is quiet (server/memory/idle-gc.ts).
  const idleGc = options.idleGc ? startIdleGc({ onCollect: () => metrics.inc('hookscope_idle_gcs_total') }) : null;

  let closing: Promise<void> | undefined;
  return {
    url: listenUrl,
    port: address.port,
    server,
    context: ctx,
    close(opts = {}) {
      closing ??= (async () => {
        // server/lifecycle.ts: stop listening, answer what is in flight, 1001 to live sockets, then the store
        // (which flushes the writer and checkpoints the WAL).
        clearInterval(sweep);
        idleGc?.stop();
        lifecycle.begin();
        forwarder.stop();
        ctx.channels.close();
        live.close();
        await drainServer(server, { graceMs: opts.graceMs ?? 8000 });
        loopDelay.stop();
        health.close();
        await store.close().catch(() => undefined);
      })();
      return closing;
    },
  };
}

/** Store changes become live messages; a bin's view is rendered with this server's base URL. */
function publish(ctx: Context, hub: Hub, change: StoreChange): void {
  switch (change.type) {
    case 'requests':
      return hub.publish(change.binId, { type: 'requests', requests: change.requests });
    case 'pruned':
      return hub.publish(change.binId, { type: 'pruned', upTo: change.upTo });
    case 'deleted':
      return hub.publish(change.binId, { type: 'deleted', id: change.id });
    case 'cleared':
      return hub.publish(change.binId, { type: 'cleared' });
    case 'bin_deleted':
      return hub.publish(change.binId, { type: 'bin_deleted' });
    case 'answered':
      return hub.publish(change.binId, { type: 'answered', id: change.id, response: change.response });
    case 'bin': {
      const bin = ctx.store.bins.get(change.binId);
      if (bin) hub.publish(change.binId, { type: 'bin', bin: binView(ctx, bin, ctx.config.publicUrl ?? ctx.listenUrl()) });
    }
  }
}

async function applyBinPresets(ctx: Context): Promise<void> {
  for (const preset of ctx.config.bins) {
    const bin = ctx.store.bins.get(preset.name) ?? (await createBin(ctx, { name: preset.name }));
    if (preset.key && preset.secret && !bin.settings.pusher.some((c) => c.key === preset.key && c.secret === preset.secret)) {
      const pusher = [...bin.settings.pusher.filter((c) => c.key !== preset.key), { key: preset.key, secret: preset.secret }];
      await updateBin(ctx, bin, { pusher });
    }
  }
}
