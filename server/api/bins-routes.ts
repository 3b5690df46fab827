// /api/bins: create, list, read, change, delete bins.
import { Hono } from 'hono';
import { z } from 'zod';
import { binView, createBin, deleteBin, requireBin, updateBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { baseUrl } from './base-url.js';
import { route } from './route.js';
import { binCreate, binPatch } from './schemas.js';
import { binSchema } from './wire-schemas.js';

const bin = { description: 'the bin', schema: binSchema };

export function binsRoutes(ctx: Context): Hono {
  const app = new Hono();
  route(app, 'post', '/', {
    operationId: 'createBin',
    summary: 'Create a bin',
    description: 'Random, unguessable id unless `name` is given. `ttl` is milliseconds or a duration such as "2h".',
    tag: 'bins',
    body: binCreate,
    responses: { 201: bin },
    errors: { 409: ['bin_exists'], 507: ['too_many_bins'] },
  }, async (c, { body }) => c.json(binView(ctx, await createBin(ctx, body), baseUrl(ctx, c)), 201));
  route(app, 'get', '/', {
    operationId: 'listBins',
    summary: 'List bins, most recently active first',
    tag: 'bins',
    responses: { 200: { description: 'every bin', schema: z.object({ bins: z.array(binSchema) }) } },
  }, (c) => {
    const base = baseUrl(ctx, c);
    const bins = ctx.store.bins.list().sort((a, b) => b.lastActivityAt - a.lastActivityAt);
    return c.json({ bins: bins.map((b) => binView(ctx, b, base)) });
  });
  route(app, 'get', '/:bin', { operationId: 'getBin', summary: 'Read a bin', tag: 'bins', responses: { 200: bin } }, (c) =>
    c.json(binView(ctx, requireBin(ctx, c.req.param('bin') ?? ''), baseUrl(ctx, c))));
  route(app, 'patch', '/:bin', {
    operationId: 'updateBin',
    summary: 'Change a bin\'s settings',
    description: 'Same fields as creating one, without renaming. Changing `pusher` or `secret` re-verifies every stored request.',
    tag: 'bins',
    body: binPatch,
    responses: { 200: bin },
    errors: { 400: ['rename_unsupported'] },
  }, async (c, { body }) => {
    const found = requireBin(ctx, c.req.param('bin') ?? '');
    return c.json(binView(ctx, await updateBin(ctx, found, body), baseUrl(ctx, c)));
  });
  route(app, 'delete', '/:bin', {
    operationId: 'deleteBin',
    summary: 'Delete a bin and everything it caught',
    tag: 'bins',
    responses: { 204: { description: 'deleted' } },
  }, async (c) => {
    await deleteBin(ctx, c.req.param('bin') ?? '');
    return c.body(null, 204);
  });
  return app;
}
