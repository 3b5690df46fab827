// /api/bins/:bin/events: decoded events across a bin's requests, newest first.
// Paging: pass the response's `next` ("<requestId>:<index>") as `before` for the next, older page.
import { Hono } from 'hono';
import { z } from 'zod';
import { requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { indexLimit } from '../events/decode-body.js';
import { createDecodedRequestLoader } from '../events/decoded-requests.js';
import { createEventPages } from '../events/event-pages.js';
import { eventListQuery } from '../events/query-schemas.js';
import { route } from './route.js';
import { eventWithRequest } from './wire-schemas.js';

const page = z.object({
  events: z.array(eventWithRequest),
  next: z.string().nullable().describe('pass as `before` for the next, older page; null on the last page'),
});

export function eventsRoutes(ctx: Context): Hono {
  const app = new Hono();
  const { requests } = ctx.store;
  const pages = createEventPages(requests, createDecodedRequestLoader(requests, indexLimit(ctx.config.maxBody)));
  route(app, 'get', '/', {
    operationId: 'listEvents',
    summary: 'Decoded events across a bin\'s requests, newest first',
    description: 'Filters match exactly and are case-sensitive. Cursors are a request id or "<requestId>:<index>".',
    tag: 'events',
    query: eventListQuery,
    responses: { 200: { description: 'a page of events', schema: page } },
  }, async (c, { query }) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    return c.json(await pages.page(bin.id, query));
  });
  return app;
}
