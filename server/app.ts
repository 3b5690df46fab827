// createApp(ctx): the API rooms, one error handler, the viewer. Capture (/h/*) is served before Hono
// by start.ts, on raw node:http, for speed.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { archiveRoutes } from './api/archive-routes.js';
import { binsRoutes } from './api/bins-routes.js';
import { channelsRoutes } from './api/channels-routes.js';
import { replayRoutes } from './api/replay-routes.js';
import { requestsRoutes } from './api/requests-routes.js';
import { sendRoutes } from './api/send-routes.js';
import { eventsRoutes } from './api/events-routes.js';
import { liveRoutes } from './api/live-routes.js';
import { openApiRoutes } from './api/openapi/openapi-routes.js';
import { waitRoutes } from './api/wait-routes.js';
import type { Context } from './context.js';
import { errorBody, HttpError } from './errors.js';
import { mcpRoutes } from './mcp/mcp-routes.js';
import { healthRoutes, storageFullMessage } from './health/index.js';
import { countErrors, countWaits, metricsRoutes } from './metrics/index.js';
import { hostGuard, loginRoutes, originGuard, requireToken, securityHeadersMiddleware } from './security/index.js';
import { viewerRoutes } from './viewer-routes.js';

export function createApp(ctx: Context): Hono {
  const app = new Hono();
  app.use(securityHeadersMiddleware());
  if (ctx.metrics) app.use(countErrors(ctx.metrics));
  if (ctx.metrics) app.use('/api/bins/:bin/wait', countWaits(ctx.metrics));
  app.use(hostGuard(ctx.config));
  app.use(originGuard());
  app.use(requireToken(ctx.config.token));
  app.route('/', healthRoutes(ctx));
  app.route('/', loginRoutes(ctx.config.token));
  app.route('/', metricsRoutes(ctx));
  // The bin a route names, as the database has it now: another node sharing the database may have
  // created, changed or removed it since this node's cache last heard (SQLite: the cache, at once).
  app.use('/api/bins/:bin/*', async (c, next) => {
    await ctx.store.bins.refresh(c.req.param('bin'));
    await next();
  });
  app.use('/api/bins/:bin', async (c, next) => {
    await ctx.store.bins.refresh(c.req.param('bin'));
    await next();
  });
  app.route('/api/bins', binsRoutes(ctx));
  app.route('/api/bins/:bin/requests', requestsRoutes(ctx));
  app.route('/api/bins/:bin/requests', replayRoutes(ctx));
  app.route('/api/bins/:bin/events', eventsRoutes(ctx));
  app.route('/api/bins/:bin/wait', waitRoutes(ctx));
  app.route('/api/send', sendRoutes(ctx));
  app.route('/api/bins/:bin', channelsRoutes(ctx));
  app.route('/api/bins/:bin/live', liveRoutes(ctx));
  app.route('/api/bins/:bin', archiveRoutes(ctx));
  app.route('/api', openApiRoutes(ctx, () => app));
  app.route('/', mcpRoutes(ctx, () => app));
  app.all('/api/*', (c) => c.json(errorBody('not_found', `no API route ${c.req.method} ${c.req.path}`), 404));
  app.route('/', viewerRoutes(ctx));
  app.notFound((c) => c.json(errorBody('not_found', `nothing at ${c.req.path}`), 404));
  app.onError((err, c) => {
    if (err instanceof HttpError) return c.json(errorBody(err.code, err.message), err.status as 400);
    if (err instanceof HTTPException) return c.json(errorBody('http_error', err.message), err.status);
    const storage = ctx.health?.observe(err) ?? null;
    if (storage) return c.json(errorBody('storage_full', storageFullMessage(storage)), 507, { 'Retry-After': '1' });
    console.error('hookscope: unexpected error', err);
    return c.json(errorBody('internal_error', 'unexpected server error: ' + err.message), 500);
  });
  return app;
}
