// POST /mcp: the MCP server over streamable HTTP, stateless (a fresh server and transport per request,
// JSON answers), behind the same token, origin and host guards as the API (app.ts middleware).
// Tools reach the API through the typed client with a fetch that dispatches into this app
// in-process: the same tool code as `hookscope mcp` over stdio, without a network hop.
import { Hono } from 'hono';
import { hookscope } from '../../sdk/client.js';
import type { FetchLike } from '../../sdk/http.js';
import { baseUrl } from '../api/base-url.js';
import type { Context } from '../context.js';
import { errorBody } from '../errors.js';

type McpHttp = typeof import('./mcp-http.js');

export function mcpRoutes(ctx: Context, app: () => Hono): Hono {
  const routes = new Hono();
  let mcp: Promise<McpHttp> | undefined;
  routes.post('/mcp', async (c) => {
    // The caller's Host passed the host guard; API calls made for it carry it, so URLs handed out match.
    const host = c.req.header('host');
    const inProcess: FetchLike = (input, init) => {
      const headers = new Headers(init?.headers);
      if (host) headers.set('host', host);
      return Promise.resolve(app().fetch(new Request(input, { ...init, headers })));
    };
    const client = hookscope(baseUrl(ctx, c), { fetch: inProcess, token: ctx.config.token ?? undefined });
    mcp ??= import('./mcp-http.js');
    return (await mcp).handleMcpRequest(client, c.req.raw);
  });
  routes.on(['GET', 'DELETE'], '/mcp', (c) => {
    c.header('Allow', 'POST');
    return c.json(errorBody('method_not_allowed', 'this MCP endpoint is stateless: POST JSON-RPC messages to /mcp (no SSE stream, no sessions)'), 405);
  });
  return routes;
}
