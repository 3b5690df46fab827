// POST /api/bins/:bin/requests/:id/replay { url, resign?: { key?, secret } }: sends the stored request to
// `url` and answers with the target's { status, headers, body, durationMs }; a target that cannot be
// reached is a 502 { error: { code: 'replay_failed' } } (issue 8).
import { Hono } from 'hono';
import { requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { errorBody, httpError } from '../errors.js';
import { outboundHeaders } from '../replay/outbound.js';
import { replay } from '../replay/replay.js';
import { replayRequest, requestIdParam } from './schemas.js';
import { jsonBody, parseWith } from './validate.js';

export function replayRoutes(ctx: Context): Hono {
  const app = new Hono();
  app.post('/:id/replay', async (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    const id = parseWith(requestIdParam, c.req.param('id'), 'invalid_request_id');
    const input = await jsonBody(c, replayRequest);
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
