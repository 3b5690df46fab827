// /api/bins/:bin/requests: list (filters, cursor paging), detail, raw bytes, delete.
import { Hono } from 'hono';
import { z } from 'zod';
import { clearBin, deleteRequest, requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { httpError } from '../errors.js';
import { forwardView } from '../forward/passthrough.js';
import { indexLimit } from '../events/decode-body.js';
import { createDecodedRequestLoader } from '../events/decoded-requests.js';
import { createRequestList } from '../events/request-list.js';
import { requestDetail as detailOf } from '../store/request-row.js';
import { named } from './components.js';
import { route } from './route.js';
import { requestDetailQuery, requestIdParam, requestListQuery } from './schemas.js';
import { parseWith } from './validate.js';
import { requestDetail, requestSummary } from './wire-schemas.js';

const notFound = { 404: ['request_not_found'] };

/** The detail as answered: `body`/`bodyEncoding` and `events` are left out when the query says so. */
const detailAnswer = named('RequestDetail', 'A captured request in full.', requestDetail.partial({ body: true, bodyEncoding: true, events: true }));

export function requestsRoutes(ctx: Context): Hono {
  const app = new Hono();
  const list = createRequestList(ctx.store.requests, createDecodedRequestLoader(ctx.store.requests, indexLimit(ctx.config.maxBody)));
  route(app, 'get', '/', {
    operationId: 'listRequests',
    summary: 'List captured requests, newest first',
    description: 'Page with `before` (the last id of a page) or poll with `after`. `name`, `channel`, `event` and `userId` keep the requests that contain a matching decoded event (exact, case-sensitive); `q` searches path, query and body.',
    tag: 'requests',
    query: requestListQuery,
    responses: { 200: { description: 'a page of summaries', schema: z.object({ requests: z.array(requestSummary) }) } },
  }, async (c, { query }) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    return c.json({ requests: await list.list(bin.id, query) });
  });
  route(app, 'delete', '/', {
    operationId: 'clearRequests',
    summary: 'Delete every request of a bin',
    tag: 'requests',
    responses: { 204: { description: 'cleared' } },
  }, async (c) => {
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
  route(app, 'get', '/:id', {
    operationId: 'getRequest',
    summary: 'One request in full',
    description: 'Headers in arrival order (original case, duplicates), the body as UTF-8 text or base64 (`bodyEncoding`), decoded events, the signature verdict and, when the bin forwards, what forwarding did. `events=false` leaves out the events, `body=false` the body (read the exact bytes from /raw): both are there by default.',
    tag: 'requests',
    query: requestDetailQuery,
    responses: { 200: { description: 'the request', schema: detailAnswer } },
    errors: notFound,
  }, async (c, { query: include }) => {
    const found = await stored(c.req.param('bin'), c.req.param('id'));
    const forwarded = forwardView(await ctx.store.deliveries.get(found.summary.bin, found.summary.id)); // server/forward: null unless the bin forwards
    return c.json({
      ...(include.body ? detailOf(found) : { ...found.summary, rawHeaders: found.rawHeaders }),
      ...(include.events && { events: ctx.deriver.events(found) }),
      forwarded,
    });
  });
  route(app, 'get', '/:id/raw', {
    operationId: 'getRequestRaw',
    summary: 'The exact body bytes',
    description: 'Served with the content type the request had (application/octet-stream when it had none), as an attachment.',
    tag: 'requests',
    responses: { 200: { description: 'the body as sent', content: { '*/*': { type: 'string', contentMediaType: 'application/octet-stream' } } } },
    errors: notFound,
  }, async (c) => {
    const found = await stored(c.req.param('bin'), c.req.param('id'));
    return new Response(new Uint8Array(found.body) as Uint8Array<ArrayBuffer>, {
      headers: {
        'Content-Type': found.summary.contentType ?? 'application/octet-stream',
        'Content-Disposition': `attachment; filename="request-${found.summary.id}.bin"`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    });
  });
  route(app, 'delete', '/:id', {
    operationId: 'deleteRequest',
    summary: 'Delete one request',
    tag: 'requests',
    responses: { 204: { description: 'deleted' } },
    errors: notFound,
  }, async (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    await deleteRequest(ctx, bin.id, parseWith(requestIdParam, c.req.param('id'), 'invalid_request_id'));
    return c.body(null, 204);
  });
  return app;
}
