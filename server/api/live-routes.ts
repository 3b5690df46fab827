// GET /api/bins/:bin/live: the bin's WebSocket (server/live). Upgrades are taken by the node server
// before Hono; a plain GET that reaches here asked for no upgrade and gets 426. The route exists so
// the OpenAPI document describes the socket as far as OpenAPI can.
import { Hono } from 'hono';
import { z } from 'zod';
import { requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { errorBody } from '../errors.js';
import { intParam } from './validate.js';
import { route } from './route.js';

const liveQuery = z.object({
  after: intParam(0, Number.MAX_SAFE_INTEGER).optional().describe('send every stored request with a larger id first (resume without gaps)'),
  token: z.string().optional().describe('the --token, for browsers (they cannot set headers on a WebSocket)'),
});

const DESCRIPTION = `A WebSocket (send \`Connection: Upgrade\`, \`Upgrade: websocket\`). Messages are JSON text frames:
\`{type:"hello", bin, lastId}\`, then the stored requests newer than \`after\` (oldest first), then live ones as
\`{type:"requests", requests:[RequestSummary...]}\` (one frame per commit batch), \`{type:"deleted", id}\`,
\`{type:"cleared"}\`, \`{type:"pruned", upTo}\`, \`{type:"bin", bin}\` and \`{type:"bin_deleted"}\`. A refused upgrade
gets the error shape: 404 unknown bin, 400 bad \`after\`, 401 missing token.`;

export function liveRoutes(ctx: Context): Hono {
  const app = new Hono();
  route(app, 'get', '/', {
    operationId: 'liveSocket',
    summary: 'Live WebSocket of a bin',
    description: DESCRIPTION,
    tag: 'live',
    query: liveQuery,
    responses: { 101: { description: 'switching to the WebSocket protocol' } },
    errors: { 426: ['upgrade_required'] },
  }, (c) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    c.header('Upgrade', 'websocket');
    return c.json(errorBody('upgrade_required', `GET /api/bins/${bin.id}/live is a WebSocket: send Connection: Upgrade and Upgrade: websocket`), 426);
  });
  return app;
}
