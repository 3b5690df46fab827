// /api/bins/:bin/wait: long-poll until an event matching the filter is stored (server/events/wait.ts).
// 200 { event, request } on a match; 408 { error: { code: 'wait_timeout' }, nearMisses } on timeout.
import { Hono } from 'hono';
import { z } from 'zod';
import { binForCapture } from '../bin-service.js';
import type { Context } from '../context.js';
import { errorBody, httpError } from '../errors.js';
import { afterPosition, formatCursor } from '../events/cursor.js';
import { indexLimit } from '../events/decode-body.js';
import { createDecodedRequestLoader } from '../events/decoded-requests.js';
import { describeFilter } from '../events/event-filter.js';
import { createFirstMatch } from '../events/first-match.js';
import { waitQuery } from '../events/query-schemas.js';
import { createWaits } from '../events/wait.js';
import { route } from './route.js';
import { decodedEvent, errorSchema, nearMiss, requestSummary } from './wire-schemas.js';

const match = z.object({
  event: decodedEvent.nullable().describe('null when only request fields were asked for and the request has no events'),
  request: requestSummary,
});
const timedOut = errorSchema.extend({ nearMisses: z.array(nearMiss).describe('the closest non-matching arrivals of the window') });

export function waitRoutes(ctx: Context): Hono {
  const app = new Hono();
  const { requests } = ctx.store;
  const loader = createDecodedRequestLoader(requests, indexLimit(ctx.config.maxBody));
  const waits = createWaits(ctx.hub, loader, createFirstMatch(requests, loader));
  route(app, 'get', '/', {
    operationId: 'waitForEvent',
    summary: 'Wait for a matching event (long poll)',
    description: 'Answers the moment a matching event is stored. `after` (a request id or "<requestId>:<index>") defaults to now: only new arrivals; `after=0` includes what is stored. An auto-creatable bin name is created here if it does not exist yet.',
    tag: 'events',
    query: waitQuery,
    responses: {
      200: { description: 'the first matching event and its request', schema: match },
      408: { description: 'error: `wait_timeout`, with the near misses', schema: timedOut },
    },
    errors: { 410: ['bin_deleted'] },
  }, async (c, { query }) => {
    const { after, timeout, ...filter } = query;
    const id = c.req.param('bin') ?? '';
    // Waiting may come before the first delivery: an auto-creatable name is created here too.
    const bin = await binForCapture(ctx, id);
    if (!bin) throw httpError(404, 'bin_not_found', `no bin "${id}"`);
    const from = after === undefined ? undefined : afterPosition(after);
    // Ends when the client goes away, or when the server stops (503 below).
    const signal = ctx.lifecycle ? AbortSignal.any([c.req.raw.signal, ctx.lifecycle.signal]) : c.req.raw.signal;
    const outcome = await waits.wait(bin.id, filter, { after: from, timeoutMs: timeout, signal });
    switch (outcome.type) {
      case 'match':
        return c.json(outcome.match);
      case 'timeout': {
        const message = `no event matching ${describeFilter(filter)} after ${formatCursor(outcome.after)} within ${timeout} ms; ${outcome.nearMisses.length} near misses`;
        return c.json({ ...errorBody('wait_timeout', message), nearMisses: outcome.nearMisses }, 408);
      }
      case 'bin_deleted':
        return c.json(errorBody('bin_deleted', `bin "${bin.id}" was deleted while waiting`), 410);
      case 'aborted':
        if (ctx.lifecycle?.draining && !c.req.raw.signal.aborted) {
          return c.json(errorBody('shutting_down', 'hookscope is stopping; wait again once it is back (after= keeps your place)'), 503, { Connection: 'close' });
        }
        // The client is gone; nobody reads this.
        return c.body(null, 499 as 400);
    }
  });
  return app;
}
