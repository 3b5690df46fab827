// /api/bins/:bin/requests: list (filters, cursor paging), detail, raw bytes, delete.
import { Hono } from 'hono';
import { clearBin, deleteRequest, requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { httpError } from '../errors.js';
import { deliveries } from '../forward/deliveries.js';
import { requestIdParam, requestListQuery } from './schemas.js';
import { parseWith, query } from './validate.js';

export function requestsRoutes(ctx: Context): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    const filter = query(c, requestListQuery);
    return c.json({ requests: ctx.requests.list(bin.id, filter) });
  });
  app.delete('/', (c) => {
    clearBin(ctx, c.req.param('bin') ?? '');
    return c.body(null, 204);
  });
  const stored = (binParam: string | undefined, idParam: string | undefined) => {
    const bin = requireBin(ctx, binParam ?? '');
    const id = parseWith(requestIdParam, idParam, 'invalid_request_id');
    const found = ctx.requests.get(bin.id, id);
    if (!found) throw httpError(404, 'request_not_found', `no request ${id} in bin "${bin.id}"`);
    return found;
  };
  app.get('/:id', (c) => {
    const found = stored(c.req.param('bin'), c.req.param('id'));
    const forwarded = deliveries(ctx.db).get(found.summary.id); // server/forward: null unless the bin forwards
    return c.json({ ...ctx.requests.detail(found), events: ctx.deriver.events(found), forwarded });
  });
  app.get('/:id/raw', (c) => {
    const found = stored(c.req.param('bin'), c.req.param('id'));
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
  app.delete('/:id', (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    deleteRequest(ctx, bin.id, parseWith(requestIdParam, c.req.param('id'), 'invalid_request_id'));
    return c.body(null, 204);
  });
  return app;
}
