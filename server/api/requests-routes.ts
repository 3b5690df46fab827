// /api/bins/:bin/requests: list (filters, cursor paging), detail, raw bytes, delete.
import { Hono } from 'hono';
import { clearBin, deleteRequest, requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { httpError } from '../errors.js';
import { forwardView } from '../forward/passthrough.js';
import { indexLimit } from '../events/decode-body.js';
import { createDecodedRequestLoader } from '../events/decoded-requests.js';
import { createRequestList } from '../events/request-list.js';
import { requestDetail } from '../store/request-row.js';
import { requestDetailQuery, requestIdParam, requestListQuery } from './schemas.js';
import { parseWith, query } from './validate.js';

export function requestsRoutes(ctx: Context): Hono {
  const app = new Hono();
  const list = createRequestList(ctx.store.requests, createDecodedRequestLoader(ctx.store.requests, indexLimit(ctx.config.maxBody)));
  app.get('/', async (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    const filter = query(c, requestListQuery);
    return c.json({ requests: await list.list(bin.id, filter) });
  });
  app.delete('/', async (c) => {
    await clearBin(ctx, c.req.param('bin') ?? '');
    return c.body(null, 204);
  });
  const stored = async (binParam: string | undefined, idParam: string | undefined) => {
    const bin = requireBin(ctx, binParam ?? '');
    const id = parseWith(requestIdParam, idParam, 'invalid_request_id');
    const found = await ctx.store.requests.get(bin.id, id);
    if (!found) throw httpError(404, 'request_not_found', `no request ${id} in bin "${bin.id}"`);
    return found;
  };
  app.get('/:id', async (c) => {
    const found = await stored(c.req.param('bin'), c.req.param('id'));
    const include = query(c, requestDetailQuery);
    const forwarded = forwardView(await ctx.store.deliveries.get(found.summary.bin, found.summary.id)); // server/forward: null unless the bin forwards
    return c.json({
      ...(include.body ? requestDetail(found) : { ...found.summary, rawHeaders: found.rawHeaders }),
      ...(include.events && { events: ctx.deriver.events(found) }),
      forwarded,
    });
  });
  app.get('/:id/raw', async (c) => {
    const found = await stored(c.req.param('bin'), c.req.param('id'));
    const body = found.body;
    return new Response(new Uint8Array(body) as Uint8Array<ArrayBuffer>, {
      headers: {
        'Content-Type': found.summary.contentType ?? 'application/octet-stream',
        'Content-Disposition': `attachment; filename="request-${found.summary.id}.bin"`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    });
  });
  app.delete('/:id', async (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    await deleteRequest(ctx, bin.id, parseWith(requestIdParam, c.req.param('id'), 'invalid_request_id'));
    return c.body(null, 204);
  });
  return app;
}
