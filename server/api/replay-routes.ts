// POST /api/bins/:bin/requests/:id/replay { url, resign?: { key?, secret } }: sends the stored request to
// `url` and answers with the target's { status, headers, body, durationMs }; a target that cannot be
// reached is a 502 { error: { code: 'replay_failed' } } (issue 8).
import { Hono } from 'hono';
import { z } from 'zod';
import { requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { errorBody, httpError } from '../errors.js';
import { outboundHeaders } from '../replay/outbound.js';
import { replay } from '../replay/replay.js';
import { route } from './route.js';
import { replayRequest, requestIdParam } from './schemas.js';
import { parseWith } from './validate.js';
import { errorSchema } from './wire-schemas.js';

const replayed = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  rawHeaders: z.array(z.string()),
  body: z.string(),
  bodyEncoding: z.enum(['utf8', 'base64']),
  truncated: z.boolean().describe('the target answered more than 1 MiB: the rest was not read'),
  durationMs: z.number(),
  sent: z.object({
    method: z.string(),
    url: z.string(),
    rawHeaders: z.array(z.string()),
    size: z.number().int(),
    resigned: z.enum(['pusher', 'ts-broadcasting']).nullable(),
  }),
});

const failed = errorSchema.extend({
  reason: z.enum(['timeout', 'connection_refused', 'dns_failed', 'connection_reset', 'request_failed']),
  durationMs: z.number(),
});

export function replayRoutes(ctx: Context): Hono {
  const app = new Hono();
  route(app, 'post', '/:id/replay', {
    operationId: 'replayRequest',
    summary: 'Send a stored request to a URL again',
    description: 'Byte for byte, headers in order (hop-by-hop ones replaced), so a signature still verifies at the target; `resign` signs it again with another secret.',
    tag: 'requests',
    body: replayRequest,
    responses: {
      200: { description: 'the target\'s answer, and what was sent', schema: replayed },
      502: { description: 'error: `replay_failed`: the target could not be reached (`reason`)', schema: failed },
    },
    errors: { 404: ['request_not_found'] },
  }, async (c, { body: input }) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    const id = parseWith(requestIdParam, c.req.param('id'), 'invalid_request_id');
    const stored = await ctx.store.requests.get(bin.id, id);
    if (!stored) throw httpError(404, 'request_not_found', `no request ${id} in bin "${bin.id}"`);
    const url = new URL(input.url);
    const { result, sent, resigned } = await replay(stored, url, { resign: input.resign, timeoutMs: ctx.config.deliveryTimeout });
    if (!result.ok) {
      return c.json({ ...errorBody('replay_failed', `${url.origin}: ${result.message}`), reason: result.code, durationMs: result.durationMs }, 502);
    }
    const { ok: _ok, ...answer } = result;
    const sentView = { method: sent.method, url: url.href, rawHeaders: outboundHeaders(sent, url), size: sent.body.byteLength, resigned };
    return c.json({ ...answer, sent: sentView });
  });
  return app;
}
