// /api/bins/:bin/events: decoded events across a bin's requests, newest first.
// Paging: pass the response's `next` ("<requestId>:<index>") as `before` for the next, older page.
import { Hono } from 'hono';
import { requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { indexLimit } from '../events/decode-body.js';
import { createDecodedRequestLoader } from '../events/decoded-requests.js';
import { createEventPages } from '../events/event-pages.js';
import { eventListQuery } from '../events/query-schemas.js';
import { query } from './validate.js';

export function eventsRoutes(ctx: Context): Hono {
  const app = new Hono();
  const { requests } = ctx.store;
  const pages = createEventPages(requests, createDecodedRequestLoader(requests, indexLimit(ctx.config.maxBody)));
  app.get('/', async (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    return c.json(await pages.page(bin.id, query(c, eventListQuery)));
  });
  return app;
}
