// GET /metrics: counters plus gauges read at scrape time (live clients, bins, database bytes in use).
import { Hono } from 'hono';
import type { Context } from '../context.js';
import { loopDelayGauges } from './loop-delay.js';
import { createMetrics, type Gauge } from './registry.js';

export async function gauges(ctx: Context): Promise<Gauge[]> {
  return [
    { name: 'hookscope_live_clients', help: 'Open live subscriptions (viewer and relay sockets).', value: ctx.hub.subscriberCount() },
    { name: 'hookscope_bins', help: 'Bins kept.', value: ctx.store.bins.count() },
    { name: 'hookscope_db_used_bytes', help: 'Database pages in use, in bytes (what --max-db-size caps).', value: await ctx.store.usedBytes() },
    ...(ctx.loopDelay ? loopDelayGauges(ctx.loopDelay) : []),
    { name: 'hookscope_storage_degraded', help: '1 while the store refuses writes (GET /healthz answers 503), else 0.', value: ctx.health?.state().status === 'degraded' ? 1 : 0 },
  ];
}

export function metricsRoutes(ctx: Context): Hono {
  const app = new Hono();
  const metrics = ctx.metrics ?? createMetrics();
  app.get('/metrics', async () =>
    new Response(metrics.render(await gauges(ctx)), { headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' } }),
  );
  return app;
}
