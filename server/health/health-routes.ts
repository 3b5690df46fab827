// GET /healthz: 200 { ok: true, status: "ok" }, or 503 { ok: false, status: "degraded", reason, since }
// while the store cannot take writes (a full disk). Open without the token: load balancers and
// process supervisors poll it (server/security: only the API, viewer, /metrics and sockets need it).
import { Hono } from 'hono';
import type { Context } from '../context.js';

export function healthRoutes(ctx: Context): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => {
    const state = ctx.health?.state() ?? { status: 'ok' as const };
    if (state.status === 'ok') return c.json({ ok: true, status: 'ok' });
    return c.json({ ok: false, status: 'degraded', reason: state.reason, since: state.since }, 503);
  });
  return app;
}
