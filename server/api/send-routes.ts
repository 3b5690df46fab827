// POST /api/send: hookscope plays a broadcast server and sends its webhooks to `to` (issue 17). The
// answer comes when every delivery is done, retries included (`retries: 0` for a quick answer):
// { deliveries: [{ index, attempt, status, durationMs, error?, request, response }] }.
import { Hono } from 'hono';
import { requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { DEFAULT_TIMEOUT_MS } from '../replay/outbound.js';
import { prepareSend, sendSchema, type StoredCredentials } from '../send/input.js';
import { realClock, runSend } from '../send/sender.js';
import { jsonBody } from './validate.js';

/** A bin's own credentials (first Pusher key, else the server-wide one; its ts-broadcasting secret). */
function binCredentials(ctx: Context, id: string): StoredCredentials {
  const bin = requireBin(ctx, id);
  const { pusherKey, pusherSecret } = ctx.config;
  const pusher = bin.settings.pusher[0] ?? (pusherKey && pusherSecret ? { key: pusherKey, secret: pusherSecret } : undefined);
  return { pusher, secret: bin.settings.secret ?? undefined };
}

export function sendRoutes(ctx: Context): Hono {
  const app = new Hono();
  app.post('/', async (c) => {
    const input = await jsonBody(c, sendSchema);
    const clock = realClock(ctx.config.sendTimeScale ?? 1);
    const job = prepareSend(input, clock, input.bin === undefined ? undefined : binCredentials(ctx, input.bin));
    const deliveries = await runSend(job, {
      clock,
      pid: ctx.config.pid ?? 1,
      timeoutMs: ctx.config.deliveryTimeout ?? DEFAULT_TIMEOUT_MS,
      signal: c.req.raw.signal,
    });
    return c.json({ deliveries });
  });
  return app;
}
