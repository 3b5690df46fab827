// /api/bins: create, list, read, change, delete bins.
import { Hono } from 'hono';
import { binView, createBin, deleteBin, requireBin, updateBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { baseUrl } from './base-url.js';
import { binCreate, binPatch } from './schemas.js';
import { jsonBody } from './validate.js';

export function binsRoutes(ctx: Context): Hono {
  const app = new Hono();
  app.post('/', async (c) => {
    const input = await jsonBody(c, binCreate);
    const bin = await createBin(ctx, input);
    return c.json(binView(ctx, bin, baseUrl(ctx, c)), 201);
  });
  app.get('/', (c) => {
    const base = baseUrl(ctx, c);
    const bins = ctx.store.bins.list().sort((a, b) => b.lastActivityAt - a.lastActivityAt);
    return c.json({ bins: bins.map((b) => binView(ctx, b, base)) });
  });
  app.get('/:bin', (c) => c.json(binView(ctx, requireBin(ctx, c.req.param('bin')), baseUrl(ctx, c))));
  app.patch('/:bin', async (c) => {
    const bin = requireBin(ctx, c.req.param('bin'));
    const input = await jsonBody(c, binPatch);
    const base = baseUrl(ctx, c);
    return c.json(binView(ctx, await updateBin(ctx, bin, input), base));
  });
  app.delete('/:bin', async (c) => {
    await deleteBin(ctx, c.req.param('bin'));
    return c.body(null, 204);
  });
  return app;
}
