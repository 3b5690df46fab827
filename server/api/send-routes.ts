// POST /api/send: hookscope plays a broadcast server and sends its webhooks to `to` (issue 17). The
// answer comes when every delivery is done, retries included (`retries: 0` for a quick answer):
// { deliveries: [{ index, attempt, status, durationMs, error?, request, response }] }.
import { Hono } from 'hono';
import { z } from 'zod';
import type { SendDelivery } from '../../core/send.js';
import { requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { DEFAULT_TIMEOUT_MS } from '../replay/outbound.js';
import { prepareSend, sendSchema, type StoredCredentials } from '../send/input.js';
import { realClock, runSend } from '../send/sender.js';
import { named } from './components.js';
import { route } from './route.js';

export const sendDelivery = named('SendDelivery', 'One attempt to deliver one webhook to the app.', z.object({
  index: z.number().int().describe('which webhook (0-based, in the order the server sends them)'),
  attempt: z.number().int().describe('1 for the first try, 2, 3, ... for retries'),
  status: z.number().int().nullable().describe('the app\'s status, or null when no answer came'),
  durationMs: z.number(),
  error: z.string().optional().describe('why there is no status (connection refused, timeout, ...)'),
  sentAt: z.number().int().describe('epoch milliseconds'),
  events: z.array(z.string()).describe('webhook event names in this request'),
  request: z.object({ method: z.string(), url: z.string(), rawHeaders: z.array(z.string()), body: z.string() }),
  response: z.object({ rawHeaders: z.array(z.string()), body: z.string(), bodyEncoding: z.enum(['utf8', 'base64']) }).nullable(),
}));

// Compile-time: the schema is the wire type (core/send.ts), both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
export const sendDeliveryMatches: Same<z.output<typeof sendDelivery>, SendDelivery> = true;

/** A bin's own credentials (first Pusher key, else the server-wide one; its ts-broadcasting secret). */
function binCredentials(ctx: Context, id: string): StoredCredentials {
  const bin = requireBin(ctx, id);
  const { pusherKey, pusherSecret } = ctx.config;
  const pusher = bin.settings.pusher[0] ?? (pusherKey && pusherSecret ? { key: pusherKey, secret: pusherSecret } : undefined);
  return { pusher, secret: bin.settings.secret ?? undefined };
}

export function sendRoutes(ctx: Context): Hono {
  const app = new Hono();
  route(app, 'post', '/', {
    operationId: 'sendWebhooks',
    summary: 'Play a broadcast server: send its exact webhooks to your app',
    description: 'As pusher, soketi, sockudo or ts-broadcasting: their bodies, headers (order and case), signatures, batching and retry schedule. Give `events` or a `scenario` (client actions turned into the events the server would send). `bin` signs with that bin\'s stored credentials. Answers when every delivery is done, retries included.',
    tag: 'send',
    body: sendSchema,
    responses: { 200: { description: 'every attempt, in order', schema: z.object({ deliveries: z.array(sendDelivery) }) } },
    errors: { 400: ['invalid_send'], 404: ['bin_not_found'] },
  }, async (c, { body: input }) => {
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
