// startHookscope(config): db -> store -> hub -> app -> listen. Returns { url, close }.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app.js';
import { createBin, sweepExpired, updateBin } from './bin-service.js';
import { createCaptureHandler } from './capture/capture-handler.js';
import { type Config, defaults } from './config.js';
import type { Context } from './context.js';
import { createDeriver } from './derive.js';
import { reindexEventsIfStale } from './events/reindex.js';
import { createForwarder } from './forward/forwarder.js';
import { createHub } from './live/hub.js';
import { attachLive } from './live/index.js';
import { countCommitted, createMetrics } from './metrics/index.js';
import { createBinStore } from './store/bins.js';
import { openDb } from './store/open-db.js';
import { createRequestStore } from './store/requests.js';
import { createSizeCap } from './store/size-cap.js';
import { applyHttpTimeouts, type HttpTimeouts, httpServerOptions } from './security/http-timeouts.js';
import { createWalFlusher } from './store/wal-flusher.js';
import { createWriteQueue } from './store/write-queue.js';

export interface HookscopeServer {
  url: string;
  port: number;
  server: Server;
  context: Context;
  close(): Promise<void>;
}

/** httpTimeouts: ms; tests shrink them (server/security/http-timeouts.ts). */
export type StartOptions = Partial<Config> & { httpTimeouts?: Partial<HttpTimeouts> };

export async function startHookscope(options: StartOptions = {}): Promise<HookscopeServer> {
  const config: Config = { ...defaults, ...options };
  const now = config.now ?? Date.now;
  const db = openDb(config.db, config.sync);
  // --sync full fsyncs every commit anyway; :memory: has no file.
  const walFlusher = config.db !== ':memory:' && config.sync !== 'full' ? createWalFlusher(config.db) : null;
  // The event index is a cache of the decoder's output: rebuild it when the decoder changed.
  reindexEventsIfStale(db, config.maxBody);
  const bins = createBinStore(db);
  const hub = createHub();
  const metrics = createMetrics();
  const sizeCap = config.maxDbSize === null ? null : createSizeCap(db, {
    maxBytes: config.maxDbSize,
    now,
    bins,
    onPruned: (pruned, removed) => {
      metrics.inc('hookscope_size_cap_pruned_total', undefined, removed);
      for (const [binId, upTo] of pruned) hub.publish(binId, { type: 'pruned', upTo });
    },
  });
  const queue = createWriteQueue(db, bins, {
    defaultMaxRequests: config.maxRequests,
    onCommit: ({ stored, pruned }) => {
      const byBin = new Map<string, typeof stored>();
      for (const s of stored) {
        const list = byBin.get(s.bin);
        if (list) list.push(s);
        else byBin.set(s.bin, [s]);
      }
      for (const [binId, upTo] of pruned) hub.publish(binId, { type: 'pruned', upTo });
      for (const [binId, requests] of byBin) hub.publish(binId, { type: 'requests', requests });
      countCommitted(metrics, stored);
      sizeCap?.afterCommit();
      walFlusher?.touched();
    },
  });
  let listenUrl = `http://${config.host}:${config.port}`;
  const ctx: Context = {
    config,
    db,
    bins,
    requests: createRequestStore(db),
    queue,
    hub,
    deriver: createDeriver(config),
    now,
    listenUrl: () => listenUrl,
    metrics,
  };
  applyBinPresets(ctx);
  const forwarder = createForwarder(ctx);
  sizeCap?.enforce();

  const capture = createCaptureHandler(ctx);
  const api = getRequestListener(createApp(ctx).fetch);
  const server = createServer(httpServerOptions(options.httpTimeouts), (req, res) => {
    if (req.url !== undefined && req.url.startsWith('/h/')) capture(req, res);
    else void api(req, res);
  });
  // Slow or stuck senders (slowloris) cannot hold a connection forever.
  applyHttpTimeouts(server, options.httpTimeouts);
  const live = attachLive(server, ctx);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  listenUrl = `http://${host}:${address.port}`;

  const sweep = setInterval(() => sweepExpired(ctx), config.sweepInterval);
  sweep.unref();

  let closing: Promise<void> | undefined;
  return {
    url: listenUrl,
    port: address.port,
    server,
    context: ctx,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(sweep);
        forwarder.stop();
        live.close();
        server.close(() => {
          queue.close();
          walFlusher?.close();
          db.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function applyBinPresets(ctx: Context): void {
  for (const preset of ctx.config.bins) {
    const bin = ctx.bins.get(preset.name) ?? createBin(ctx, { name: preset.name });
    if (preset.key && preset.secret && !bin.settings.pusher.some((c) => c.key === preset.key && c.secret === preset.secret)) {
      const pusher = [...bin.settings.pusher.filter((c) => c.key !== preset.key), { key: preset.key, secret: preset.secret }];
      updateBin(ctx, bin, { pusher }, ctx.listenUrl());
    }
  }
}
