// /api/bins/:bin/channels, /channels/:channel[?at=], /channels/:channel/wait and /timing: the channel
// state derived from the bin's webhooks (server/channels/) and how its deliveries arrive.
import { Hono } from 'hono';
import { z } from 'zod';
import { binForCapture, requireBin } from '../bin-service.js';
import { BinGoneError } from '../channels/channel-states.js';
import { waitForChannel } from '../channels/channel-wait.js';
import { channelListQuery, channelQuery, channelWaitQuery, timingQuery } from '../channels/query-schemas.js';
import { createStoredRequests } from '../channels/stored-requests.js';
import { deliveryTiming } from '../channels/timing.js';
import type { Context } from '../context.js';
import { errorBody, httpError } from '../errors.js';
import { channelDetail, channelSummary, deliveryTiming as timingSchema } from './channel-schemas.js';
import { route } from './route.js';
import { errorSchema } from './wire-schemas.js';

const channelParam = { 404: ['channel_not_found'] };

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

  route(app, 'get', '/channels', {
    operationId: 'listChannels',
    summary: 'Channel state derived from the bin\'s webhooks',
    description: 'Occupied or not, presence members, subscription count, first and last event, anomaly count per channel. `occupied` and `prefix` filter.',
    tag: 'channels',
    query: channelListQuery,
    responses: { 200: { description: 'every channel the bin\'s events name', schema: z.object({ channels: z.array(channelSummary), asOf: z.number().int() }) } },
  }, async (c, { query: filter }) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    const fold = await use(bin.id);
    return c.json({ channels: fold.list(filter), asOf: fold.asOf });
  });
  route(app, 'get', '/channels/:channel', {
    operationId: 'getChannel',
    summary: 'One channel: members, timeline, anomalies',
    description: '`at` (a request id) gives the state as of that request.',
    tag: 'channels',
    query: channelQuery,
    responses: { 200: { description: 'the channel', schema: channelDetail } },
    errors: channelParam,
  }, async (c, { query: { at } }) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    const name = c.req.param('channel') ?? '';
    const fold = at === undefined ? await use(bin.id) : await states.history(bin.id, at);
    const detail = fold.detail(name);
    if (!detail) throw httpError(404, 'channel_not_found', `no event of bin "${bin.id}" names channel "${name}"${at === undefined ? '' : ` up to request ${at}`}`);
    return c.json(at === undefined ? detail : { ...detail, asOf: at });
  });
  route(app, 'get', '/channels/:channel/wait', {
    operationId: 'waitForChannel',
    summary: 'Wait until a channel is in a state (long poll)',
    description: '`occupied` and/or `members` (a JSON array of user ids: the exact set present). An auto-creatable bin name is created.',
    tag: 'channels',
    query: channelWaitQuery,
    responses: {
      200: { description: 'the channel, once the state holds', schema: channelDetail },
      408: { description: 'error: `wait_timeout`, with the state last seen', schema: errorSchema.extend({ channel: channelDetail.nullable() }) },
    },
    errors: { 410: ['bin_deleted'] },
  }, async (c, { query: { timeout, ...cond } }) => {
    const id = c.req.param('bin') ?? '';
    // Like GET /wait: waiting may come before the first delivery creates the bin.
    const bin = await binForCapture(ctx, id);
    if (!bin) throw gone(id);
    const name = c.req.param('channel') ?? '';
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
  route(app, 'get', '/timing', {
    operationId: 'getDeliveryTiming',
    summary: 'How the bin\'s webhooks arrive',
    description: 'Events per request, gaps between deliveries beside the batching window the sender likely uses, sender-to-hookscope delay, retries.',
    tag: 'channels',
    query: timingQuery,
    responses: { 200: { description: 'delivery figures', schema: timingSchema } },
  }, async (c, { query: { limit } }) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    return c.json(deliveryTiming(await reader.recentDeliveries(bin.id, limit)));
  });
  return app;
}
