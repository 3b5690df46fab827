// /api/bins/:bin/channels, /channels/:channel[?at=], /channels/:channel/wait and /timing: the channel
// state derived from the bin's webhooks (server/channels/) and how its deliveries arrive.
import { Hono } from 'hono';
import { binForCapture, requireBin } from '../bin-service.js';
import { BinGoneError } from '../channels/channel-states.js';
import { waitForChannel } from '../channels/channel-wait.js';
import { channelListQuery, channelQuery, channelWaitQuery, timingQuery } from '../channels/query-schemas.js';
import { createStoredRequests } from '../channels/stored-requests.js';
import { deliveryTiming } from '../channels/timing.js';
import type { Context } from '../context.js';
import { errorBody, httpError } from '../errors.js';
import { query } from './validate.js';

export function channelsRoutes(ctx: Context): Hono {
  const app = new Hono();
  const reader = createStoredRequests(ctx);
  const states = ctx.channels;
  const gone = (binId: string) => httpError(404, 'bin_not_found', `no bin "${binId}"`);
  const use = async (binId: string) => {
    try {
      return await states.use(binId);
    } catch (err) {
      throw err instanceof BinGoneError ? gone(binId) : err;
    }
  };

  app.get('/channels', async (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    const filter = query(c, channelListQuery);
    const fold = await use(bin.id);
    return c.json({ channels: fold.list(filter), asOf: fold.asOf });
  });
  app.get('/channels/:channel', async (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    const name = c.req.param('channel');
    const { at } = query(c, channelQuery);
    const fold = at === undefined ? await use(bin.id) : await states.history(bin.id, at);
    const detail = fold.detail(name);
    if (!detail) throw httpError(404, 'channel_not_found', `no event of bin "${bin.id}" names channel "${name}"${at === undefined ? '' : ` up to request ${at}`}`);
    return c.json(at === undefined ? detail : { ...detail, asOf: at });
  });
  app.get('/channels/:channel/wait', async (c) => {
    const id = c.req.param('bin') ?? '';
    // Like GET /wait: waiting may come before the first delivery creates the bin.
    const bin = await binForCapture(ctx, id);
    if (!bin) throw gone(id);
    const name = c.req.param('channel');
    const { timeout, ...cond } = query(c, channelWaitQuery);
    const outcome = await waitForChannel(states, bin.id, name, cond, { timeoutMs: timeout, signal: c.req.raw.signal });
    switch (outcome.type) {
      case 'match':
        return c.json(outcome.channel);
      case 'timeout':
        return c.json({ ...errorBody('wait_timeout', `channel "${name}" did not reach the state asked for within ${timeout} ms`), channel: outcome.channel }, 408);
      case 'bin_deleted':
        return c.json(errorBody('bin_deleted', `bin "${bin.id}" was deleted while waiting`), 410);
      case 'aborted':
        return c.body(null, 499 as 400);
    }
  });
  app.get('/timing', async (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    const { limit } = query(c, timingQuery);
    return c.json(deliveryTiming(await reader.recentDeliveries(bin.id, limit)));
  });
  return app;
}
